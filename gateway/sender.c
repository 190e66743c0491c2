/*
 * The send side of the loop: due outbox rows go to modems, replies before
 * alerts before reminders; results come back as sent, or as a retry with
 * a doubling backoff on another modem if there is one, until the
 * configured number of tries marks the row failed (SPEC §5).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gateway/daemon.h"
#include "modem/modem.h"

struct due {
	int64_t		 id;
	char		 phone[24];
	char		*text;
	char		 last_modem[32];
	char		 link[32];	/* the link the message came in on */
};

struct due_list {
	struct due	 rows[SEND_SCAN_MAX];
	int		 n;
};

int
sender_inflight(struct daemon *d, int64_t outbox_id)
{
	int i;

	for (i = 0; i < d->ninflight; i++)
		if (d->inflight[i].outbox_id == outbox_id)
			return 1;
	return 0;
}

static int
inflight_add(struct daemon *d, int64_t outbox_id, int modem)
{
	int i;

	for (i = 0; i < d->ninflight; i++)
		if (d->inflight[i].outbox_id == 0) {
			d->inflight[i].outbox_id = outbox_id;
			d->inflight[i].modem = modem;
			return 0;
		}
	return -1;
}

static void
inflight_remove(struct daemon *d, int64_t outbox_id)
{
	int i;

	for (i = 0; i < d->ninflight; i++)
		if (d->inflight[i].outbox_id == outbox_id)
			d->inflight[i].outbox_id = 0;
}

/* The callback may not write; rows are copied and submitted afterwards. */
static int
due_collect(struct outbox_msg *m, void *arg)
{
	struct due_list *l = arg;
	struct due *r;

	if (l->n >= SEND_SCAN_MAX)
		return 0;
	r = &l->rows[l->n];
	if ((r->text = strdup(m->text)) == NULL)
		return -1;
	r->id = m->id;
	snprintf(r->phone, sizeof(r->phone), "%s", m->phone);
	snprintf(r->last_modem, sizeof(r->last_modem), "%s", m->modem);
	snprintf(r->link, sizeof(r->link), "%s", m->link);
	l->n++;
	return 0;
}

void
sender_kick(struct daemon *d)
{
	struct due_list *l;
	int i, modem, more = 1;

	if (d->stopping || (d->nmodems == 0 && d->kannel == NULL))
		return;
	if ((l = calloc(1, sizeof(*l))) == NULL)
		return;
	/* Every pass hands out what the modems can take now, no more. */
	while (more) {
		more = 0;
		l->n = 0;
		if (outbox_foreach_due(&d->db, clock_now(), SEND_SCAN_MAX,
		    due_collect, l) == -1)
			break;
		for (i = 0; i < l->n; i++) {
			struct due *r = &l->rows[i];

			if (!sender_inflight(d, r->id) &&
			    (modem = links_pick(d, r->last_modem, r->link)) != -1 &&
			    inflight_add(d, r->id, modem) == 0) {
				if (links_submit(d, modem, r->id, r->phone,
				    r->text) == -1)
					inflight_remove(d, r->id);
				else
					more = l->n == SEND_SCAN_MAX;
			}
			free(r->text);
		}
		if (more && links_pick(d, NULL, "") == -1)
			more = 0;
	}
	free(l);
}

/*
 * One transaction for a batch of results: with durable commits, a commit
 * per SMS sent would make the disk, not the modem, the bottleneck.
 */
void
sender_results(struct daemon *d, int modem, const struct modem_result *res,
    size_t n)
{
	time_t now = clock_now();
	int64_t tries, backoff;
	const char *name = modems_name(d, modem);
	size_t i;

	for (i = 0; i < n; i++)
		inflight_remove(d, res[i].id);
	if (db_begin(&d->db) == -1)
		return;
	for (i = 0; i < n; i++) {
		if (res[i].ok) {
			if (outbox_mark_sent(&d->db, res[i].id, name, res[i].parts,
			    now) == -1)
				goto fail;
			continue;
		}
		if (outbox_tries(&d->db, res[i].id, &tries) == -1)
			goto fail;
		tries++;
		backoff = (int64_t)d->cfg->outbox_retry_seconds <<
		    (tries - 1 < 10 ? tries - 1 : 10);
		if (outbox_mark_retry(&d->db, res[i].id, name, res[i].error,
		    now + backoff, tries >= d->cfg->outbox_max_tries ||
		    res[i].permanent) == -1)
			goto fail;
		log_warnx("outbox %lld: %s: %s (try %lld of %d)",
		    (long long)res[i].id, name, res[i].error, (long long)tries,
		    d->cfg->outbox_max_tries);
	}
	if (db_commit(&d->db) == -1)
		goto fail;
	return;
fail:
	db_rollback(&d->db);
	log_warnx("%s: %zu send results not recorded; those SMS will be sent"
	    " again", name, n);
}
