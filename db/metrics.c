/*
 * The counts GET /metrics exposes, grouped in SQL so a scrape costs a few
 * index scans however large the queues grow.
 */
#include "db/db.h"

static int
count_by(struct db *db, sqlite3_stmt *st, db_count_cb cb, void *arg)
{
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *a = sqlite3_column_text(st, 0);
		const unsigned char *b = sqlite3_column_text(st, 1);

		if (cb(a ? (const char *)a : "", b ? (const char *)b : "",
		    sqlite3_column_int64(st, 2), arg) == -1) {
			sqlite3_reset(st);
			return -1;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_log(db, "counts");
		return -1;
	}
	return 0;
}

int
inbox_count_by(struct db *db, db_count_cb cb, void *arg)
{
	return count_by(db, db_stmt(db, "SELECT state, channel, count(*)"
	    " FROM inbox GROUP BY state, channel ORDER BY state, channel"), cb, arg);
}

int
outbox_count_by(struct db *db, db_count_cb cb, void *arg)
{
	return count_by(db, db_stmt(db, "SELECT state, channel, count(*)"
	    " FROM outbox GROUP BY state, channel ORDER BY state, channel"), cb, arg);
}

int
ussd_session_count_by(struct db *db, db_count_cb cb, void *arg)
{
	return count_by(db, db_stmt(db, "SELECT state, '', count(*)"
	    " FROM ussd_sessions GROUP BY state ORDER BY state"), cb, arg);
}

int
member_locked_count(struct db *db, int64_t *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM members WHERE locked");

	if (st == NULL)
		return -1;
	return db_one_int64(db, st, n) == 1 ? 0 : -1;
}

int
audit_action_count(struct db *db, const char *action, int64_t *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM audit WHERE action = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, action, -1, SQLITE_STATIC);
	return db_one_int64(db, st, n) == 1 ? 0 : -1;
}

int
outbox_dlr_count_by(struct db *db, db_count_cb cb, void *arg)
{
	return count_by(db, db_stmt(db, "SELECT dlr, '', count(*) FROM outbox"
	    " WHERE dlr IS NOT NULL GROUP BY dlr ORDER BY dlr"), cb, arg);
}
