/*
 * kopdesctl sim, inject, outbox list and status: trying the gateway by
 * hand, and watching what the daemon did.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <netdb.h>
#include <sys/socket.h>

#include "gateway/ctl.h"
#include "modem/modem.h"

/* The terminal as the sender's channel: her reply is printed, not queued. */
struct sim_term {
	struct reply_sink	 sink;
	char			 sender[24];
	char			*reply;		/* the last reply, malloc'd */
	const struct rules	*rules;
};

static int
sim_put(struct reply_sink *sink, struct hctx *ctx, const char *text)
{
	struct sim_term *t = sink->arg;

	free(t->reply);
	if ((t->reply = strdup(text)) == NULL)
		return -1;
	snprintf(t->sender, sizeof(t->sender), "%s", ctx->sender);
	return reply_record(ctx, CHANNEL_SIM, text);
}

static int
sim_print_sms(struct outbox_msg *m, void *arg)
{
	(void)arg;
	if (m->channel == CHANNEL_SMS)
		ctl_print_line(m->phone, m->text, "SMS");
	return 0;
}

/* Runs before commit, so a dry run shows what it would have done. */
static int
sim_show(struct db *db, struct inbound *in, void *arg)
{
	struct sim_term *t = arg;
	enum inbox_state state = INBOX_SELESAI;

	if (t->reply != NULL)
		ctl_print_line(t->sender, t->reply, NULL);
	if (outbox_foreach_inbox(db, in->inbox_id, sim_print_sms, NULL) == -1 ||
	    inbox_state_of(db, in->inbox_id, &state) == -1)
		return -1;
	if (state == INBOX_DIBATASI)
		fprintf(stderr, "dibatasi: lebih dari %d pesan dalam %d detik dari"
		    " nomor ini; tidak dijawab\n", t->rules->rate_messages,
		    t->rules->rate_per_seconds);
	else if (state == INBOX_DIABAIKAN)
		fprintf(stderr, "diabaikan: pengirim bukan orang\n");
	return 0;
}

int
ctl_sim(struct ctl *c, int argc, char **argv)
{
	struct handlers_env env;
	struct sim_term term;
	struct inbound in;
	char used[64] = { 0 }, text[MSG_MAX * 2];
	const char *from;
	int dry, rc;

	if (argc > (int)sizeof(used) ||
	    (from = ctl_opt(argc, argv, "--from", used)) == NULL)
		return CTL_USAGE;
	dry = ctl_has_flag(argc, argv, "--dry-run", used);
	if (ctl_rest(argc, argv, 0, used, text, sizeof(text)) < 1)
		return CTL_USAGE;
	ctl_env(c, &env);
	memset(&term, 0, sizeof(term));
	term.sink.put = sim_put;
	term.sink.arg = &term;
	term.rules = &c->cfg.rules;
	memset(&in, 0, sizeof(in));
	in.channel = CHANNEL_SIM;
	in.link = "sim";
	in.from = from;
	in.text = text;
	in.sink = &term.sink;
	in.dry_run = dry;
	in.inspect = sim_show;
	in.arg = &term;
	rc = inbound_handle(&env, &in);
	free(term.reply);
	if (rc == -1)
		return ctl_refuse("pesan tidak bisa ditangani (lihat di atas)");
	if (dry)
		fprintf(stderr, "uji coba: tidak ada yang disimpan\n");
	return CTL_OK;
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
		return ctl_refuse("tidak ada modem dummy di %s: inject"
		    " memerlukannya", c->cfg.path[0] ? c->cfg.path : "konfigurasi");
	if (dummy_inject(c->cfg.modems[i].device, from, text, c->now, err,
	    sizeof(err)) == -1)
		return ctl_refuse("%s", err);
	printf("diantrekan di %s\n", c->cfg.modems[i].name);
	lock_modem_path(&c->cfg.modems[i], lock, sizeof(lock));
	if (lock_probe(lock, &h) != LOCK_HELD)
		fprintf(stderr, "kopdesctl: peringatan: tidak ada kopdesd yang"
		    " membaca %s sekarang; SMS menunggu di sana sampai kopdesd"
		    " dijalankan\n",
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
	printf("\t%s\t%s\t", m->last_error[0] ? m->last_error : "-",
	    m->dlr[0] ? m->dlr : "-");
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
			return ctl_refuse("--state harus antri, terkirim atau gagal");
	}
	if (argc != (state ? 2 : 0))
		return CTL_USAGE;
	printf("id\ttelepon\tstatus\tmodem\tbagian\tcoba\tdibuat\tterkirim\tkesalahan"
	    "\tdlr\tteks\n");
	return outbox_foreach_state(&c->db, s, print_outbox, NULL) == -1 ?
	    CTL_REFUSED : CTL_OK;
}

static int
print_modem(const struct modem_row *r, void *arg)
{
	const int *running = arg;

	/* What a stopped daemon last saw is history, not a live link. */
	printf("modem %s: %s, sinyal %d%%, baterai %d%%, jaringan %s, IMEI %s,"
	    " diterima %lld, terkirim %lld, kesalahan %lld", r->name,
	    !*running ? "tidak tersambung (kopdesd tidak berjalan)" :
	    r->connected ? "tersambung" : "TIDAK TERSAMBUNG", r->signal, r->battery,
	    r->network[0] ? r->network : "-", r->imei[0] ? r->imei : "-",
	    (long long)r->received, (long long)r->sent, (long long)r->errors);
	if (r->discarded > 0)
		printf(", dibuang tanpa dibaca %lld", (long long)r->discarded);
	if (r->last_error[0])
		printf(", kesalahan terakhir: %s", r->last_error);
	printf(", kontak terakhir ");
	print_time(r->last_contact);
	putchar('\n');
	return 0;
}

static int
print_failed(struct outbox_msg *m, void *arg)
{
	(void)arg;
	printf("gagal: outbox %lld ke %s setelah %d kali coba: %s\n",
	    (long long)m->id, m->phone, m->tries, m->last_error[0] ? m->last_error : "-");
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
		printf("kopdesd: berjalan, pid %ld, sejak ", h.pid);
		print_time(h.since);
		putchar('\n');
		return 1;
	case LOCK_ERROR:
		printf("kopdesd: tidak diketahui (%s tidak bisa dibaca)\n", lock);
		return 0;
	default:
		printf("kopdesd: tidak berjalan\n");
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
		printf("cadangan: terakhir ");
		print_time((time_t)at);
		printf(", %s\n", v + n);
	} else
		printf("cadangan: belum ada\n");
	if (c->cfg.backup.dir[0] != '\0')
		printf("cadangan: tiap hari pukul %s ke %s, disimpan %d\n",
		    c->cfg.backup.time, c->cfg.backup.dir, c->cfg.backup.keep);
}

/* Whether something accepts connections where kopdesd would listen. */
static int
http_answering(const struct config *cfg)
{
	struct addrinfo hints, *ai, *p;
	char port[8];
	const char *host = cfg->http_listen;
	int fd, ok = 0;

	if (strcmp(host, "0.0.0.0") == 0 || strcmp(host, "::") == 0)
		host = "localhost";
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	snprintf(port, sizeof(port), "%d", cfg->http_port);
	if (getaddrinfo(host, port, &hints, &ai) != 0)
		return 0;
	for (p = ai; p != NULL && !ok; p = p->ai_next) {
		if ((fd = socket(p->ai_family, p->ai_socktype, 0)) == -1)
			continue;
		ok = connect(fd, p->ai_addr, p->ai_addrlen) == 0;
		close(fd);
	}
	freeaddrinfo(ai);
	return ok;
}

static int
count_screens(const char *state, const char *channel, int64_t n, void *arg)
{
	(void)state;
	if (strcmp(channel, "sms") != 0)
		*(int64_t *)arg += n;
	return 0;
}

static int
print_dlr(const char *dlr, const char *unused, int64_t n, void *arg)
{
	(void)unused;
	printf("%s %lld %s", *(int *)arg ? "," : "", (long long)n, dlr);
	*(int *)arg = 1;
	return 0;
}

static int
print_sessions(const char *state, const char *unused, int64_t n, void *arg)
{
	(void)unused;
	printf("%s %lld %s", *(int *)arg ? "," : "", (long long)n,
	    strcmp(state, "buka") == 0 ? "terbuka" : "berakhir");
	*(int *)arg = 1;
	return 0;
}

int
ctl_status(struct ctl *c, int argc, char **argv)
{
	int any = 0;
	int64_t screens = 0;

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
		return ctl_refuse("antrean tidak bisa dibaca");
	printf("inbox: %lld menunggu, %lld dibatasi dalam %lld detik"
	    " terakhir\n",
	    (long long)baru, (long long)dibatasi, (long long)window);
	printf("outbox: %lld antri, %lld terkirim, %lld gagal\n",
	    (long long)antri, (long long)terkirim, (long long)gagal);
	print_backup(c);
	if (outbox_count_by(&c->db, count_screens, &screens) == -1)
		return ctl_refuse("antrean tidak bisa dibaca");
	printf("balasan yang tampil di layar (USSD, sim): %lld, termasuk dalam"
	    " yang terkirim di atas\n",
	    (long long)screens);
	if (c->cfg.http_secret[0] == '\0')
		printf("http: mati (tidak ada secret di konfigurasi)\n");
	else
		printf("http: %s port %d, %s\n", c->cfg.http_listen,
		    c->cfg.http_port, http_answering(&c->cfg) ? "menjawab" :
		    "TIDAK MENJAWAB");
	if (c->cfg.kannel.enabled) {
		printf("kannel: %s (sendsms), laporan pengiriman:",
		    c->cfg.kannel.sendsms_url);
		any = 0;
		if (outbox_dlr_count_by(&c->db, print_dlr, &any) == -1)
			return ctl_refuse("laporan pengiriman tidak bisa dibaca");
		printf("%s\n", any ? "" : " tidak ada");
		any = 0;
	}
	printf("sesi ussd:");
	if (ussd_session_count_by(&c->db, print_sessions, &any) == -1)
		return ctl_refuse("sesi USSD tidak bisa dibaca");
	printf("%s\n", any ? "" : " tidak ada");
	return outbox_foreach_state(&c->db, OUTBOX_GAGAL, print_failed, NULL) == -1 ?
	    CTL_REFUSED : CTL_OK;
}
