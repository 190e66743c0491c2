/*
 * Work the loop could not commit is tried again from a timer, after a
 * pause that doubles up to a ceiling: the disk may be full for a while,
 * or another program (an import, a backup, a VACUUM) may hold the
 * database.  Nothing spins and nothing waits on the lock in the loop.
 * One line says when the trouble starts, with SQLite's words, and one
 * when it ends, however many tries lie between.
 */
#include <stdio.h>
#include <string.h>

#include "gateway/daemon.h"

int
retry_init(struct retry *r, struct event_base *base, const char *what,
    event_callback_fn cb, void *arg)
{
	memset(r, 0, sizeof(*r));
	r->what = what;
	r->first_ms = RETRY_FIRST_MS;
	r->max_ms = RETRY_MAX_MS;
	r->pause_ms = r->first_ms;
	r->ev = evtimer_new(base, cb, arg);
	return r->ev == NULL ? -1 : 0;
}

void
retry_free(struct retry *r)
{
	if (r->ev != NULL)
		event_free(r->ev);
	r->ev = NULL;
}

int
retry_waiting(const struct retry *r)
{
	return r->ev != NULL && evtimer_pending(r->ev, NULL);
}

void
retry_begin(struct retry *r, struct db *db)
{
	/* Inside an episode its first line said it all; the rest is debug. */
	db->quiet = r->failing;
}

void
retry_failed(struct retry *r, struct db *db, const char *detail)
{
	struct timeval tv;

	db->quiet = 0;
	r->episodes += !r->failing;
	if (!r->failing)
		log_warnx("%s: %s (%s); trying again from time to time",
		    r->what, detail, db_error(db));
	else
		log_debug("%s: still failing: %s", r->what, db_error(db));
	r->failing = 1;
	r->tries++;
	tv.tv_sec = r->pause_ms / 1000;
	tv.tv_usec = (r->pause_ms % 1000) * 1000;
	if (r->ev != NULL && !evtimer_pending(r->ev, NULL))
		evtimer_add(r->ev, &tv);
	r->pause_ms = r->pause_ms * 2 > r->max_ms ? r->max_ms : r->pause_ms * 2;
}

void
retry_ok(struct retry *r, struct db *db)
{
	db->quiet = 0;
	if (r->failing)
		log_warnx("%s: back to normal after %ld failed tries", r->what,
		    r->tries);
	r->failing = 0;
	r->tries = 0;
	r->pause_ms = r->first_ms;
}
