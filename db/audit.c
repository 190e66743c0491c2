/*
 * The audit trail: failed PINs, locks, unlocks and officers' actions, and
 * the once-a-day notices to unregistered numbers.
 */
#include "db/db.h"

int
audit_add(struct db *db, int64_t member_id, int64_t actor_id,
    const char *action, const char *detail, time_t at)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO audit(at, member_id,"
	    " actor_id, action, detail) VALUES (?, ?, ?, ?, ?)");

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)at);
	if (member_id != 0)
		sqlite3_bind_int64(st, 2, member_id);
	if (actor_id != 0)
		sqlite3_bind_int64(st, 3, actor_id);
	sqlite3_bind_text(st, 4, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, detail, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

int
audit_count(struct db *db, int64_t member_id, const char *action, int64_t *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM audit"
	    " WHERE member_id = ? AND action = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, member_id);
	sqlite3_bind_text(st, 2, action, -1, SQLITE_STATIC);
	return db_one_int64(db, st, n) == 1 ? 0 : -1;
}

int
notice_once_per_day(struct db *db, const char *phone, const char *kind,
    const char *day)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO notices(phone, kind, day)"
	    " VALUES (?1, ?2, ?3) ON CONFLICT (phone, kind) DO UPDATE"
	    " SET day = ?3 WHERE day <> ?3");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, phone, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, day, -1, SQLITE_STATIC);
	if (db_step_done(db, st) == -1)
		return -1;
	/* No row changed: today's notice went out already. */
	return sqlite3_changes(db->h) == 0 ? 1 : 0;
}

int
notice_once_until(struct db *db, const char *phone, const char *kind, time_t now,
    time_t until)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO notices(phone, kind, day)"
	    " VALUES (?1, ?2, ?3) ON CONFLICT (phone, kind) DO UPDATE"
	    " SET day = ?3 WHERE CAST(day AS INTEGER) <= ?4");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, phone, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)until);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)now);
	if (db_step_done(db, st) == -1)
		return -1;
	/* No row changed: the last notice still covers this moment. */
	return sqlite3_changes(db->h) == 0 ? 1 : 0;
}
