/*
 * A member's announced deposit, waiting until an officer has the cash in
 * hand and confirms it; only then does it reach the ledger.
 */
#include <stdio.h>
#include <string.h>

#include "db/db.h"

int
deposit_insert(struct db *db, struct pending_deposit *d)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO pending_deposits(code,"
	    " member_id, amount, type, created_at) VALUES (printf('S%04d',"
	    " (SELECT ifnull(max(id), 0) + 1 FROM pending_deposits)), ?, ?, ?, ?)");
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, d->member_id);
	sqlite3_bind_int64(st, 2, d->amount);
	sqlite3_bind_text(st, 3, saving_type_name(d->type), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)d->created_at);
	if (db_step_done(db, st) == -1)
		return -1;
	d->id = sqlite3_last_insert_rowid(db->h);
	d->state = DEPOSIT_MENUNGGU;
	st = db_stmt(db, "SELECT code FROM pending_deposits WHERE id = ?");
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, d->id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_log(db, "deposit code");
		sqlite3_reset(st);
		return -1;
	}
	rc = db_column_text(db, st, 0, d->code, sizeof(d->code));
	sqlite3_reset(st);
	return rc;
}

int
deposit_by_code(struct db *db, const char *code, struct pending_deposit *d)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT id, code, member_id, amount, type,"
	    " state, created_at FROM pending_deposits WHERE code = upper(?)");
	char type[16], state[16];
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(d, 0, sizeof(*d));
		d->id = sqlite3_column_int64(st, 0);
		d->member_id = sqlite3_column_int64(st, 2);
		d->amount = sqlite3_column_int64(st, 3);
		d->created_at = (time_t)sqlite3_column_int64(st, 6);
		if (db_column_text(db, st, 1, d->code, sizeof(d->code)) == -1 ||
		    db_column_text(db, st, 4, type, sizeof(type)) == -1 ||
		    db_column_text(db, st, 5, state, sizeof(state)) == -1) {
			sqlite3_reset(st);
			return -1;
		}
		d->type = strcmp(type, "pokok") == 0 ? SAVING_POKOK :
		    strcmp(type, "wajib") == 0 ? SAVING_WAJIB : SAVING_SUKARELA;
		d->state = strcmp(state, "diterima") == 0 ? DEPOSIT_DITERIMA :
		    DEPOSIT_MENUNGGU;
	}
	return db_lookup_end(db, st, rc, "deposit lookup");
}

int
deposit_confirm(struct db *db, int64_t id, int64_t officer_id,
    int64_t journal_id, time_t at)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE pending_deposits SET"
	    " state = 'diterima', confirmed_by = ?, confirmed_at = ?,"
	    " journal_id = ? WHERE id = ? AND state = 'menunggu'");

	if (st == NULL)
		return -1;
	if (officer_id != 0)
		sqlite3_bind_int64(st, 1, officer_id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)at);
	sqlite3_bind_int64(st, 3, journal_id);
	sqlite3_bind_int64(st, 4, id);
	if (db_step_done(db, st) == -1)
		return -1;
	return sqlite3_changes(db->h) == 1 ? 0 : -1;
}

int
deposit_ref(struct db *db, int64_t id, char ref[LEDGER_REF_LEN])
{
	sqlite3_stmt *st = db_stmt(db, "SELECT j.ref FROM pending_deposits d"
	    " JOIN journal j ON j.id = d.journal_id WHERE d.id = ?");
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(ref, LEDGER_REF_LEN, "%s", sqlite3_column_text(st, 0));
	return db_lookup_end(db, st, rc, "deposit ref");
}
