/*
 * USSD sessions as the operator sees them: one row a session, its path
 * already redacted by the caller, and how the aggregator said it ended.
 */
#include "db/db.h"

int
ussd_session_hop(struct db *db, const struct ussd_session *s, time_t at)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO ussd_sessions(session_id,"
	    " phone, service_code, network_code, started_at, updated_at, hops,"
	    " path, state) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?8, ?6, ?7)"
	    " ON CONFLICT(session_id) DO UPDATE SET updated_at = ?5,"
	    " hops = ?8, path = ?6,"
	    " state = CASE WHEN state = 'selesai' THEN state ELSE ?7 END");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, s->session_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, s->phone, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, s->service_code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, s->network_code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)at);
	sqlite3_bind_text(st, 6, s->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, s->ended ? "selesai" : "buka", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 8, s->hops);
	return db_step_done(db, st);
}

int
ussd_session_end(struct db *db, const struct ussd_session *s,
    const char *status, time_t at)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO ussd_sessions(session_id,"
	    " phone, started_at, updated_at, state, end_status, end_input,"
	    " ended_at) VALUES (?1, ?2, ?3, ?3, 'selesai', ?4, ?5, ?3)"
	    " ON CONFLICT(session_id) DO UPDATE SET state = 'selesai',"
	    " end_status = ?4, end_input = ?5, ended_at = ?3");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, s->session_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, s->phone, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)at);
	sqlite3_bind_text(st, 4, status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, s->path, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}
