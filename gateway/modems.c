/*
 * The loop's side of the modems: each worker wakes the loop through an
 * eventfd; the loop then stores what it received (and only then lets the
 * worker delete it from the phone), records send results, and hands out
 * more to send.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <event2/event.h>

#include "gateway/daemon.h"

#define RESULTS_BATCH 256

struct gw_modem {
	struct daemon		*d;
	int			 index;
	struct modem_settings	 set;
	struct modem_worker	*w;
	int			 wake_fd;
	struct event		*ev;
	int			 saved_connected;	/* as kopdesctl status shows it */
	int			 held_said;	/* said that its SMS wait on the phone */
	int64_t			 saved_discarded;
	struct modem_sms	*held;		/* received, not yet stored */
	size_t			 nheld;
	int			 store_alone;	/* handling them with it failed */
};

/*
 * What a modem received is stored, and only then may the worker delete
 * it from the phone.  A batch that could not be stored is neither acked
 * nor given back: it stays on the phone and in hand here (the worker
 * reads nothing more meanwhile) until a later try stores it.
 * Returns 1 stored, 0 nothing to store, -1 not stored (kept).
 */
static int
store_received(struct daemon *d, struct gw_modem *gm)
{
	struct received_sms *r;
	size_t i, dups = 0, n;
	int rc, handled = -1;

	/*
	 * Not taken while the database is gone: they stay on the phone, and
	 * the worker reads no more until they are, so the modem is left in
	 * peace; modems_wake takes them once the database is back.
	 */
	if (!daemon_db_ok(d)) {
		if (!gm->held_said)
			log_warnx("%s: no SMS is taken off this modem until the"
			    " database is back", gm->set.name);
		gm->held_said = 1;
		return 0;
	}
	gm->held_said = 0;
	if (gm->nheld == 0)
		gm->nheld = modem_worker_take_received(gm->w, &gm->held);
	if ((n = gm->nheld) == 0)
		return 0;
	if ((r = calloc(n, sizeof(*r))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		r[i].modem = gm->set.name;
		r[i].sender = gm->held[i].sender;
		r[i].smsc_time = gm->held[i].smsc_time;
		r[i].text = gm->held[i].text;
	}
	retry_begin(&d->rt_store, &d->db);
	/*
	 * Stored and answered in one commit, so a batch costs the disk one
	 * sync.  A batch whose handling failed (or while handling is failing
	 * anyway) is stored alone on the next try and handled by on_process,
	 * so a message that keeps failing cannot keep the rest off the books.
	 */
	if (!gm->store_alone && !retry_waiting(&d->rt_process)) {
		d->env.now = clock_now();
		handled = pipeline_store_and_process(&d->env, &d->key, r, n,
		    PROCESS_BATCH);
		rc = handled == -1 ? -1 : 0;
		gm->store_alone = rc == -1;
	} else {
		rc = pipeline_store(&d->db, &d->key, r, n, clock_now());
		if (rc == 0)
			gm->store_alone = 0;
	}
	d->db.quiet = 0;
	if (rc == -1) {
		free(r);
		return -1;
	}
	for (i = 0; i < n; i++)
		dups += r[i].duplicate != 0;
	log_debug("%s: stored %zu SMS (%zu copies dropped)", gm->set.name,
	    n - dups, dups);
	free(r);
	/* Committed: now the phone may forget them. */
	modem_worker_ack(gm->w, gm->held, n);
	gm->held = NULL;
	gm->nheld = 0;
	if (handled > 0) {
		log_debug("inbox: handled %d", handled);
		sender_kick(d);
	}
	/* Stored alone, or a full batch handled: more may wait. */
	if (handled == -1 || handled == PROCESS_BATCH)
		event_active(d->ev_process, 0, 0);
	return 1;
}

int
modems_store_held(struct daemon *d)
{
	char detail[96];
	int i, rc, stored = 0;

	for (i = 0; i < d->nmodems; i++) {
		struct gw_modem *gm = &d->modems[i];

		if ((rc = store_received(d, gm)) == -1) {
			snprintf(detail, sizeof(detail), "%s: %zu SMS not stored;"
			    " left on the modem", gm->set.name, gm->nheld);
			retry_failed(&d->rt_store, &d->db, detail);
			return -1;
		}
		stored |= rc == 1;
	}
	/* An empty pass proves nothing about the database. */
	if (stored)
		retry_ok(&d->rt_store, &d->db);
	return 0;
}

static void
on_wake(evutil_socket_t fd, short ev, void *arg)
{
	struct gw_modem *gm = arg;
	struct daemon *d = gm->d;
	struct modem_result res[RESULTS_BATCH];
	struct modem_status st;
	uint64_t count;
	size_t n;

	(void)ev;
	if (read(fd, &count, sizeof(count)) == -1)
		log_debug("%s: wake read", gm->set.name);
	if (d->stopping)
		return;
	/* While a try is scheduled, the timer stores for every modem. */
	if (!retry_waiting(&d->rt_store))
		modems_store_held(d);
	if (d->db_lost)
		return;
	while ((n = modem_worker_take_results(gm->w, res, RESULTS_BATCH)) > 0)
		sender_results(d, gm->index, res, n);
	/*
	 * A modem that came or went, or deleted what it could not read, is
	 * shown at once, not at the next minute.
	 */
	modem_worker_status(gm->w, &st);
	if (st.connected != gm->saved_connected ||
	    st.discarded != gm->saved_discarded)
		modems_save_status(d);
	sender_kick(d);
}

/* Each modem's wake handler runs once more, as if its worker had called. */
void
modems_wake(struct daemon *d)
{
	int i;

	for (i = 0; i < d->nmodems; i++)
		event_active(d->modems[i].ev, EV_READ, 0);
}

/* At a stop: what the workers sent and the loop has not taken yet. */
void
modems_take_results(struct daemon *d)
{
	struct modem_result res[RESULTS_BATCH];
	size_t n;
	int i;

	for (i = 0; i < d->nmodems; i++)
		while ((n = modem_worker_take_results(d->modems[i].w, res,
		    RESULTS_BATCH)) > 0)
			sender_results(d, i, res, n);
}

int
modems_start(struct daemon *d)
{
	struct config *cfg = d->cfg;
	const struct modem_driver *drv;
	struct gw_modem *gm;
	int i;

	d->modems = calloc((size_t)cfg->nmodems + 1, sizeof(*d->modems));
	/* One more link's worth for Kannel, when it is configured. */
	d->ninflight = (cfg->nmodems + 1) * SEND_INFLIGHT_MAX;
	d->inflight = calloc((size_t)d->ninflight, sizeof(*d->inflight));
	if (d->modems == NULL || d->inflight == NULL)
		return -1;
	for (i = 0; i < cfg->nmodems; i++) {
		const struct modem_conf *mc = &cfg->modems[i];

		gm = &d->modems[i];
		gm->d = d;
		gm->index = i;
		snprintf(gm->set.name, sizeof(gm->set.name), "%s", mc->name);
		snprintf(gm->set.model, sizeof(gm->set.model), "%s", mc->model);
		snprintf(gm->set.connection, sizeof(gm->set.connection), "%s",
		    mc->connection);
		memcpy(gm->set.device, mc->device, sizeof(gm->set.device));
		gm->set.send_per_minute = mc->send_per_minute;
		gm->set.timeout_seconds = mc->timeout_seconds;
		gm->set.poll_ms = cfg->poll_seconds * 1000;
		gm->set.status_ms = cfg->status_seconds * 1000;
		if ((gm->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) == -1) {
			log_warn("%s: eventfd", mc->name);
			return -1;
		}
		gm->ev = event_new(d->base, gm->wake_fd, EV_READ | EV_PERSIST,
		    on_wake, gm);
		if (gm->ev == NULL || event_add(gm->ev, NULL) == -1)
			return -1;
		if ((drv = modem_driver_find(mc->driver)) == NULL) {
			log_errorx("%s: no driver \"%s\"", mc->name, mc->driver);
			return -1;
		}
		if ((gm->w = modem_worker_start(drv, &gm->set, gm->wake_fd)) == NULL) {
			log_warnx("%s: cannot start its thread", mc->name);
			return -1;
		}
		d->nmodems++;
	}
	return 0;
}

void
modems_stop(struct daemon *d)
{
	int i;

	for (i = 0; i < d->nmodems; i++) {
		struct gw_modem *gm = &d->modems[i];

		/* Never stored: they stay on the phone for the next start. */
		if (gm->nheld > 0)
			modem_worker_release(gm->w, gm->held, gm->nheld);
		gm->held = NULL;
		gm->nheld = 0;
		modem_worker_stop(gm->w);
		if (gm->ev != NULL)
			event_free(gm->ev);
		close(gm->wake_fd);
	}
	free(d->modems);
	free(d->inflight);
	d->modems = NULL;
	d->inflight = NULL;
	d->nmodems = 0;
}

static int
inflight_on(struct daemon *d, int modem)
{
	int i, n = 0;

	for (i = 0; i < d->ninflight; i++)
		if (d->inflight[i].outbox_id != 0 && d->inflight[i].modem == modem)
			n++;
	return n;
}

/*
 * Round robin over connected modems with room, so N modems send N times
 * as fast; a row that failed on one modem goes to another if one can
 * take it.
 */
int
modems_pick(struct daemon *d, const char *avoid)
{
	int i, k, fallback = -1;

	for (k = 0; k < d->nmodems; k++) {
		i = (d->next_modem + k) % d->nmodems;
		if (modem_worker_pending(d->modems[i].w) == -1 ||
		    inflight_on(d, i) >= SEND_INFLIGHT_MAX)
			continue;
		if (avoid != NULL && strcmp(avoid, d->modems[i].set.name) == 0) {
			fallback = i;
			continue;
		}
		d->next_modem = i + 1;
		return i;
	}
	return fallback;
}

int
modems_submit(struct daemon *d, int modem, int64_t outbox_id, const char *phone,
    const char *text)
{
	return modem_worker_submit(d->modems[modem].w, outbox_id, phone, text);
}

const char *
modems_name(struct daemon *d, int modem)
{
	if (modem == LINK_KANNEL(d) && d->kannel != NULL)
		return "kannel";
	return modem >= 0 && modem < d->nmodems ? d->modems[modem].set.name : "?";
}

void
modems_save_status(struct daemon *d)
{
	struct modem_status st;
	struct modem_row row;
	int i;

	if (db_begin(&d->db) == -1)
		return;
	for (i = 0; i < d->nmodems; i++) {
		modem_worker_status(d->modems[i].w, &st);
		memset(&row, 0, sizeof(row));
		snprintf(row.name, sizeof(row.name), "%s", d->modems[i].set.name);
		row.connected = st.connected;
		row.signal = st.signal;
		row.battery = st.battery;
		memcpy(row.network, st.network, sizeof(row.network));
		memcpy(row.imei, st.imei, sizeof(row.imei));
		row.last_contact = st.last_contact;
		row.errors = st.errors;
		memcpy(row.last_error, st.last_error, sizeof(row.last_error));
		row.received = st.received;
		row.sent = st.sent;
		row.updated_at = clock_now();
		row.discarded = st.discarded;
		d->modems[i].saved_connected = st.connected;
		d->modems[i].saved_discarded = st.discarded;
		if (modem_status_save(&d->db, &row) == -1) {
			db_rollback(&d->db);
			return;
		}
	}
	if (db_commit(&d->db) == -1)
		db_rollback(&d->db);
}
