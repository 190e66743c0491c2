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
			d->inflight[i].done = 0;
			return 0;
		}
	return -1;
}

static void
inflight_remove(struct daemon *d, int64_t outbox_id)
{
	int i;

	for (i = 0; i < d->ninflight; i++)
		if (d->inflight[i].outbox_id == outbox_id) {
			d->inflight[i].outbox_id = 0;
			d->inflight[i].done = 0;
		}
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
 * A modem's answers are kept with their rows in hand until they are
 * committed: a row whose result could not be recorded stays out of the
 * modems' reach, so an SMS that has left is never sent again because we
 * failed to write that down.
 */
void
sender_results(struct daemon *d, int modem, const struct modem_result *res,
    size_t n)
{
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < d->ninflight; k++)
			if (d->inflight[k].outbox_id == res[i].id &&
			    d->inflight[k].modem == modem && !d->inflight[k].done)
				break;
		if (k == d->ninflight) {
			log_warnx("outbox %lld: a result from %s for no SMS in"
			    " hand", (long long)res[i].id, modems_name(d, modem));
			continue;
		}
		d->inflight[k].res = res[i];
		d->inflight[k].done = 1;
	}
	/* While a try is scheduled, new results wait for it. */
	if (!retry_waiting(&d->rt_results))
		sender_record(d);
}

int
sender_unrecorded(struct daemon *d)
{
	int k, n = 0;

	for (k = 0; k < d->ninflight; k++)
		n += d->inflight[k].outbox_id != 0 && d->inflight[k].done;
	return n;
}

static int
record_one(struct daemon *d, const struct inflight *f, time_t now)
{
	const struct modem_result *r = &f->res;
	const char *name = modems_name(d, f->modem);
	int64_t tries, backoff;

	if (r->ok)
		return outbox_mark_sent(&d->db, r->id, name, r->parts, now);
	if (outbox_tries(&d->db, r->id, &tries) == -1)
		return -1;
	tries++;
	backoff = (int64_t)d->cfg->outbox_retry_seconds <<
	    (tries - 1 < 10 ? tries - 1 : 10);
	/* A link's permanent refusal (Kannel's 4xx) is not tried again. */
	return outbox_mark_retry(&d->db, r->id, name, r->error, now + backoff,
	    tries >= d->cfg->outbox_max_tries || r->permanent);
}

/*
 * One transaction for every result in hand: with durable commits, a
 * commit per SMS sent would make the disk, not the modem, the
 * bottleneck.
 */
int
sender_record(struct daemon *d)
{
	time_t now = clock_now();
	int64_t tries;
	char detail[96];
	int k, n;

	if ((n = sender_unrecorded(d)) == 0)
		return 0;
	retry_begin(&d->rt_results, &d->db);
	if (db_begin(&d->db) == -1)
		goto fail;
	for (k = 0; k < d->ninflight; k++)
		if (d->inflight[k].outbox_id != 0 && d->inflight[k].done &&
		    record_one(d, &d->inflight[k], now) == -1)
			goto fail;
	if (db_commit(&d->db) == -1)
		goto fail;
	retry_ok(&d->rt_results, &d->db);
	for (k = 0; k < d->ninflight; k++) {
		struct inflight *f = &d->inflight[k];

		if (f->outbox_id == 0 || !f->done)
			continue;
		if (!f->res.ok && outbox_tries(&d->db, f->res.id, &tries) == 0)
			log_warnx("outbox %lld: %s: %s (try %lld of %d)",
			    (long long)f->res.id, modems_name(d, f->modem),
			    f->res.error, (long long)tries,
			    d->cfg->outbox_max_tries);
		f->outbox_id = 0;
		f->done = 0;
	}
	return 0;
fail:
	db_rollback(&d->db);
	snprintf(detail, sizeof(detail), "%d send results not recorded; kept"
	    " until they are, and not sent again", n);
	retry_failed(&d->rt_results, &d->db, detail);
	return -1;
}
