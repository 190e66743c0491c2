/*
 * The last known state of each modem, written by the daemon every minute
 * and read by `kopdesctl status`.
 */
#include <stdio.h>
#include <string.h>

#include "db/db.h"

int
modem_status_save(struct db *db, const struct modem_row *r)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO modems(name, connected,"
	    " signal, battery, network, imei, last_contact, errors, last_error,"
	    " received, sent, updated_at, discarded) VALUES (?1, ?2, ?3, ?4, ?5,"
	    " ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) ON CONFLICT (name) DO UPDATE SET"
	    " connected = ?2, signal = ?3, battery = ?4, network = ?5,"
	    " imei = ?6, last_contact = ?7, errors = ?8, last_error = ?9,"
	    " received = ?10, sent = ?11, updated_at = ?12, discarded = ?13");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, r->name, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, r->connected);
	sqlite3_bind_int(st, 3, r->signal);
	sqlite3_bind_int(st, 4, r->battery);
	sqlite3_bind_text(st, 5, r->network, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, r->imei, -1, SQLITE_STATIC);
	if (r->last_contact != 0)
		sqlite3_bind_int64(st, 7, (sqlite3_int64)r->last_contact);
	sqlite3_bind_int64(st, 8, r->errors);
	sqlite3_bind_text(st, 9, r->last_error, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 10, r->received);
	sqlite3_bind_int64(st, 11, r->sent);
	sqlite3_bind_int64(st, 12, (sqlite3_int64)r->updated_at);
	sqlite3_bind_int64(st, 13, r->discarded);
	return db_step_done(db, st);
}

int
modem_status_foreach(struct db *db, modem_row_cb cb, void *arg)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT name, connected, ifnull(signal, -1),"
	    " ifnull(battery, -1), ifnull(network, ''), ifnull(imei, ''),"
	    " ifnull(last_contact, 0), errors, ifnull(last_error, ''), received,"
	    " sent, ifnull(updated_at, 0), discarded FROM modems ORDER BY name");
	struct modem_row r;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&r, 0, sizeof(r));
		if (db_column_text(db, st, 0, r.name, sizeof(r.name)) == -1 ||
		    db_column_text(db, st, 4, r.network, sizeof(r.network)) == -1 ||
		    db_column_text(db, st, 5, r.imei, sizeof(r.imei)) == -1 ||
		    db_column_text(db, st, 8, r.last_error,
		    sizeof(r.last_error)) == -1) {
			sqlite3_reset(st);
			return -1;
		}
		r.connected = sqlite3_column_int(st, 1);
		r.signal = sqlite3_column_int(st, 2);
		r.battery = sqlite3_column_int(st, 3);
		r.last_contact = (time_t)sqlite3_column_int64(st, 6);
		r.errors = sqlite3_column_int64(st, 7);
		r.received = sqlite3_column_int64(st, 9);
		r.sent = sqlite3_column_int64(st, 10);
		r.updated_at = (time_t)sqlite3_column_int64(st, 11);
		r.discarded = sqlite3_column_int64(st, 12);
		if (cb(&r, arg) == -1) {
			sqlite3_reset(st);
			return -1;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_log(db, "modem status");
		return -1;
	}
	return 0;
}
