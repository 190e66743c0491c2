/*
 * kopdesctl sim, inject, outbox list and status: trying the gateway by
 * hand, and watching what the daemon did.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gateway/ctl.h"
#include "modem/modem.h"

int
ctl_sim(struct ctl *c, int argc, char **argv)
{
	struct handlers_env env;
	char used[64] = { 0 }, text[MSG_MAX * 2];
	const char *from;
	int64_t id, since;

	if (argc > (int)sizeof(used) ||
	    (from = ctl_opt(argc, argv, "--from", used)) == NULL ||
	    ctl_rest(argc, argv, 0, used, text, sizeof(text)) < 1)
		return CTL_USAGE;
	memset(&env, 0, sizeof(env));
	env.db = &c->db;
	env.rules = &c->cfg.rules;
	env.key = &c->key;
	env.now = c->now;
	since = ctl_last_outbox_id(c);
	if (sim_message(&env, from, text, &id) == -1)
		return ctl_refuse("the message could not be handled (see above)");
	/* Everything the message caused, alerts to others included. */
	(void)since;
	return ctl_print_inbox(c, id) == -1 ? CTL_REFUSED : CTL_OK;
}

int
ctl_inject(struct ctl *c, int argc, char **argv)
{
	struct lock_holder h;
	char used[64] = { 0 }, text[MSG_MAX * 2], err[512], lock[PATH_MAX + 16];
	const char *from;
	int i;

	if (argc > (int)sizeof(used) ||
	    (from = ctl_opt(argc, argv, "--from", used)) == NULL ||
	    ctl_rest(argc, argv, 0, used, text, sizeof(text)) < 1)
		return CTL_USAGE;
	for (i = 0; i < c->cfg.nmodems; i++)
		if (strcmp(c->cfg.modems[i].model, "dummy") == 0)
			break;
	if (i == c->cfg.nmodems)
		return ctl_refuse("no dummy modem in %s: inject needs one",
		    c->cfg.path[0] ? c->cfg.path : "the config");
	if (dummy_inject(c->cfg.modems[i].device, from, text, c->now, err,
	    sizeof(err)) == -1)
		return ctl_refuse("%s", err);
	printf("queued on %s\n", c->cfg.modems[i].name);
	lock_modem_path(&c->cfg.modems[i], lock, sizeof(lock));
	if (lock_probe(lock, &h) != LOCK_HELD)
		fprintf(stderr, "kopdesctl: warning: no kopdesd reads %s now;"
		    " the SMS waits there until one starts\n",
		    c->cfg.modems[i].device);
	return CTL_OK;
}

static void
print_time(time_t t)
{
	char buf[32];
	struct tm tm;

	if (t == 0) {
		printf("-");
		return;
	}
	localtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);
	printf("%s", buf);
}

static int
print_outbox(struct outbox_msg *m, void *arg)
{
	char *p;

	(void)arg;
	printf("%lld\t%s\t%s\t%s\t%d\t%d\t", (long long)m->id, m->phone,
	    outbox_state_name(m->state), m->modem[0] ? m->modem : "-", m->parts,
	    m->tries);
	print_time(m->created_at);
	putchar('\t');
	print_time(m->sent_at);
	printf("\t%s\t", m->last_error[0] ? m->last_error : "-");
	for (p = m->text; *p != '\0'; p++)
		putchar(*p == '\n' || *p == '\t' ? ' ' : *p);
	putchar('\n');
	return 0;
}

int
ctl_outbox_list(struct ctl *c, int argc, char **argv)
{
	char used[8] = { 0 };
	const char *state;
	int s = -1;

	if (argc > (int)sizeof(used))
		return CTL_USAGE;
	if ((state = ctl_opt(argc, argv, "--state", used)) != NULL) {
		for (s = 0; s < 3; s++)
			if (strcmp(state, outbox_state_name((enum outbox_state)s)) == 0)
				break;
		if (s == 3)
			return ctl_refuse("state must be antri, terkirim or gagal");
	}
	if (argc != (state ? 2 : 0))
		return CTL_USAGE;
	printf("id\tphone\tstate\tmodem\tparts\ttries\tcreated\tsent\terror\ttext\n");
	return outbox_foreach_state(&c->db, s, print_outbox, NULL) == -1 ?
	    CTL_REFUSED : CTL_OK;
}

static int
print_modem(const struct modem_row *r, void *arg)
{
	const int *running = arg;

	/* What a stopped daemon last saw is history, not a live link. */
	printf("modem %s: %s, signal %d%%, battery %d%%, network %s, IMEI %s,"
	    " received %lld, sent %lld, errors %lld", r->name,
	    !*running ? "not connected (kopdesd not running)" :
	    r->connected ? "connected" : "NOT CONNECTED", r->signal, r->battery,
	    r->network[0] ? r->network : "-", r->imei[0] ? r->imei : "-",
	    (long long)r->received, (long long)r->sent, (long long)r->errors);
	if (r->discarded > 0)
		printf(", discarded unread %lld", (long long)r->discarded);
	if (r->last_error[0])
		printf(", last error: %s", r->last_error);
	printf(", last contact ");
	print_time(r->last_contact);
	putchar('\n');
	return 0;
}

static int
print_failed(struct outbox_msg *m, void *arg)
{
	(void)arg;
	printf("failed: outbox %lld to %s after %d tries: %s\n", (long long)m->id,
	    m->phone, m->tries, m->last_error[0] ? m->last_error : "-");
	return 0;
}

/* Whether a kopdesd holds this database's lock, and since when. */
static int
print_daemon(struct ctl *c)
{
	struct lock_holder h;
	char lock[PATH_MAX + 16];

	lock_db_path(c->cfg.database, lock, sizeof(lock));
	switch (lock_probe(lock, &h)) {
	case LOCK_HELD:
		printf("kopdesd: running, pid %ld, since ", h.pid);
		print_time(h.since);
		putchar('\n');
		return 1;
	case LOCK_ERROR:
		printf("kopdesd: unknown (%s cannot be read)\n", lock);
		return 0;
	default:
		printf("kopdesd: not running\n");
		return 0;
	}
}

/* The last backup, by hand or nightly, and the nightly plan. */
static void
print_backup(struct ctl *c)
{
	char v[PATH_MAX + 32];
	long long at;
	int n = 0;

	if (setting_get(&c->db, "backup_last", v, sizeof(v)) == 1 &&
	    sscanf(v, "%lld %n", &at, &n) == 1 && n > 0) {
		printf("backup: last ");
		print_time((time_t)at);
		printf(", %s\n", v + n);
	} else
		printf("backup: none yet\n");
	if (c->cfg.backup.dir[0] != '\0')
		printf("backup: daily at %s into %s, keeping %d\n",
		    c->cfg.backup.time, c->cfg.backup.dir, c->cfg.backup.keep);
}

int
ctl_status(struct ctl *c, int argc, char **argv)
{
	int64_t baru, antri, terkirim, gagal, dibatasi;
	time_t window = c->cfg.rules.rate_per_seconds;
	int running;

	(void)argv;
	if (argc != 0)
		return CTL_USAGE;
	running = print_daemon(c);
	if (modem_status_foreach(&c->db, print_modem, &running) == -1 ||
	    inbox_count(&c->db, INBOX_BARU, &baru) == -1 ||
	    inbox_count_state_since(&c->db, INBOX_DIBATASI, c->now - window,
	    &dibatasi) == -1 ||
	    outbox_count(&c->db, OUTBOX_ANTRI, &antri) == -1 ||
	    outbox_count(&c->db, OUTBOX_TERKIRIM, &terkirim) == -1 ||
	    outbox_count(&c->db, OUTBOX_GAGAL, &gagal) == -1)
		return ctl_refuse("cannot read the queues");
	printf("inbox: %lld waiting, %lld rate-limited in the last %lld s\n",
	    (long long)baru, (long long)dibatasi, (long long)window);
	printf("outbox: %lld queued, %lld sent, %lld failed\n", (long long)antri,
	    (long long)terkirim, (long long)gagal);
	print_backup(c);
	return outbox_foreach_state(&c->db, OUTBOX_GAGAL, print_failed, NULL) == -1 ?
	    CTL_REFUSED : CTL_OK;
}
