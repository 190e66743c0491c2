/*
 * What the treasurer looks over at her desk: the SMS that came in (with
 * the first reply each caused), the SMS that went out, deposits still
 * waiting for the cash, and how many PINs are locked.
 */
#include <string.h>

#include "db/db.h"

/* Both message lists filter the same way: NULL state or phone means any. */
static void
bind_list_filter(sqlite3_stmt *st, const char *state, const char *phone,
    int last)
{
	db_bind_text_or_null(st, 1, state);
	db_bind_text_or_null(st, 2, phone);
	sqlite3_bind_int(st, 3, last > 0 ? last : -1);
}

/* The newest `last` rows (0: all) matching, handed over oldest first. */
int
inbox_list(struct db *db, const char *state, const char *phone, int last,
    inbox_row_cb cb, void *arg)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT * FROM (SELECT i.id, i.sender,"
	    " i.received_at, i.text, i.state, ifnull(i.command, ''),"
	    " ifnull((SELECT o.text FROM outbox o WHERE o.inbox_id = i.id"
	    "  AND o.phone = i.sender ORDER BY o.id LIMIT 1),"
	    " ifnull((SELECT o.text FROM outbox o WHERE o.inbox_id = i.id"
	    "  ORDER BY o.id LIMIT 1), ''))"
	    " FROM inbox i WHERE (?1 IS NULL OR i.state = ?1)"
	    " AND (?2 IS NULL OR i.sender = ?2)"
	    " ORDER BY i.id DESC LIMIT ?3) ORDER BY id");
	struct inbox_row r;
	int rc;

	if (st == NULL)
		return -1;
	bind_list_filter(st, state, phone, last);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&r, 0, sizeof(r));
		r.id = sqlite3_column_int64(st, 0);
		r.received_at = (time_t)sqlite3_column_int64(st, 2);
		if (db_column_text(db, st, 1, r.sender, sizeof(r.sender)) == -1 ||
		    db_column_text(db, st, 3, r.text, sizeof(r.text)) == -1 ||
		    db_column_text(db, st, 4, r.state, sizeof(r.state)) == -1 ||
		    db_column_text(db, st, 5, r.command, sizeof(r.command)) == -1 ||
		    db_column_text(db, st, 6, r.reply, sizeof(r.reply)) == -1 ||
		    cb(&r, arg) == -1) {
			sqlite3_reset(st);
			return -1;
		}
	}
	return db_rows_end(db, st, rc, "inbox list");
}

int
outbox_list(struct db *db, const char *state, const char *phone, int last,
    outbox_cb cb, void *arg)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT * FROM (SELECT id, phone, text,"
	    " state, ifnull(modem, ''), tries, ifnull(last_error, ''),"
	    " created_at, ifnull(sent_at, 0), ifnull(inbox_id, 0) FROM outbox"
	    " WHERE (?1 IS NULL OR state = ?1) AND (?2 IS NULL OR phone = ?2)"
	    " ORDER BY id DESC LIMIT ?3) ORDER BY id");
	struct outbox_msg m;
	char text[1024], sent[16];
	int rc;

	if (st == NULL)
		return -1;
	bind_list_filter(st, state, phone, last);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&m, 0, sizeof(m));
		m.id = sqlite3_column_int64(st, 0);
		m.text = text;
		m.tries = sqlite3_column_int(st, 5);
		m.created_at = (time_t)sqlite3_column_int64(st, 7);
		m.sent_at = (time_t)sqlite3_column_int64(st, 8);
		m.inbox_id = sqlite3_column_int64(st, 9);
		if (db_column_text(db, st, 1, m.phone, sizeof(m.phone)) == -1 ||
		    db_column_text(db, st, 2, text, sizeof(text)) == -1 ||
		    db_column_text(db, st, 3, sent, sizeof(sent)) == -1 ||
		    db_column_text(db, st, 4, m.modem, sizeof(m.modem)) == -1 ||
		    db_column_text(db, st, 6, m.last_error,
		    sizeof(m.last_error)) == -1) {
			sqlite3_reset(st);
			return -1;
		}
		m.state = strcmp(sent, "terkirim") == 0 ? OUTBOX_TERKIRIM :
		    strcmp(sent, "gagal") == 0 ? OUTBOX_GAGAL : OUTBOX_ANTRI;
		if (cb(&m, arg) == -1) {
			sqlite3_reset(st);
			return -1;
		}
	}
	return db_rows_end(db, st, rc, "outbox list");
}

int
deposit_foreach_waiting(struct db *db, deposit_cb cb, void *arg)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT id, code, member_id, amount, type,"
	    " created_at FROM pending_deposits WHERE state = 'menunggu'"
	    " ORDER BY id");
	struct pending_deposit d;
	char type[16];
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&d, 0, sizeof(d));
		d.id = sqlite3_column_int64(st, 0);
		d.member_id = sqlite3_column_int64(st, 2);
		d.amount = sqlite3_column_int64(st, 3);
		d.state = DEPOSIT_MENUNGGU;
		d.created_at = (time_t)sqlite3_column_int64(st, 5);
		if (db_column_text(db, st, 1, d.code, sizeof(d.code)) == -1 ||
		    db_column_text(db, st, 4, type, sizeof(type)) == -1) {
			sqlite3_reset(st);
			return -1;
		}
		d.type = strcmp(type, "pokok") == 0 ? SAVING_POKOK :
		    strcmp(type, "wajib") == 0 ? SAVING_WAJIB : SAVING_SUKARELA;
		if (cb(&d, arg) == -1) {
			sqlite3_reset(st);
			return -1;
		}
	}
	return db_rows_end(db, st, rc, "waiting deposits");
}

int64_t
member_count_locked(struct db *db)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM members"
	    " WHERE locked AND left_on IS NULL");
	int64_t n = -1;

	if (st == NULL || db_one_int64(db, st, &n) != 1)
		return -1;
	return n;
}
