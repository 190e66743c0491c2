#include <stdio.h>
#include <stdlib.h>

#include "db/db.h"
#include "db/db_internal.h"

/*
 * Fault injection for the tests, the way SQLite tests its own error
 * paths: once armed, the Nth statement stepped through the wrappers of db.c
 * (db_step_done, db_one_int64, BEGIN, COMMIT, SAVEPOINT, RELEASE, ROLLBACK
 * TO; or, with DB_FAULT_COMMIT, the Nth COMMIT) fails without being run,
 * as a full disk would make it fail, and so do the count - 1 after it.
 * A plain ROLLBACK never fails: it is the way out of every fault.
 *
 * Compiled in always and disarmed unless a test calls db_fault_arm() or
 * the environment holds KOPDES_FAULT_STEP=N[,COUNT] or
 * KOPDES_FAULT_COMMIT=N[,COUNT] (only the tests set these; read once, at
 * the first step).  Process-wide and for one thread, as the daemon and
 * kopdesctl each use their connection from one thread only.
 */
static struct {
	int		 env_read;
	enum db_fault	 kind;
	long		 nth, count;	/* nth 0: disarmed */
	long		 seen;		/* counted since armed */
	long		 commits;	/* COMMITs among them */
	long		 hits;
} fault;

void
db_fault_arm(enum db_fault kind, long nth, long count)
{
	fault.env_read = 1;
	fault.kind = kind;
	fault.nth = nth;
	fault.count = count > 0 ? count : 1;
	fault.seen = 0;
	fault.commits = 0;
	fault.hits = 0;
}

long
db_fault_seen(enum db_fault kind)
{
	return kind == DB_FAULT_COMMIT ? fault.commits : fault.seen;
}

long
db_fault_hits(void)
{
	return fault.hits;
}

static void
fault_env(void)
{
	const char *names[] = { "KOPDES_FAULT_STEP", "KOPDES_FAULT_COMMIT" };
	const char *v;
	long nth, count;
	int i;

	fault.env_read = 1;
	for (i = 0; i < 2; i++) {
		if ((v = getenv(names[i])) == NULL)
			continue;
		count = 1;
		if (sscanf(v, "%ld,%ld", &nth, &count) >= 1 && nth > 0)
			db_fault_arm(i == 0 ? DB_FAULT_STEP : DB_FAULT_COMMIT,
			    nth, count);
	}
}

int
db_fault_now(struct db *db, int is_commit, const char *what)
{
	if (!fault.env_read)
		fault_env();
	if (fault.nth == 0)
		return 0;
	fault.seen++;
	fault.commits += is_commit;
	if (fault.kind == DB_FAULT_COMMIT) {
		if (!is_commit || fault.commits < fault.nth ||
		    fault.commits >= fault.nth + fault.count)
			return 0;
	} else if (fault.seen < fault.nth || fault.seen >= fault.nth + fault.count)
		return 0;
	fault.hits++;
	db_note_error(db, SQLITE_FULL);
	snprintf(db->errmsg, sizeof(db->errmsg), "%s: injected fault (as"
	    " database or disk is full)", what);
	if (db->quiet)
		log_debug("%s: %s", db->path ? db->path : "db", db->errmsg);
	else
		log_errorx("%s: %s", db->path ? db->path : "db", db->errmsg);
	return 1;
}
