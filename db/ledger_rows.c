/*
 * The ledger read back: its lines one by one with the entry and member
 * they belong to (the mutasi, the ledger export), and per account code
 * the sums of debits and credits over a span of time, which every report
 * is built from so each figure is the ledger's own.
 */
#include <string.h>

#include "db/db.h"

int
ledger_rows_foreach(struct db *db, const struct ledger_filter *f,
    ledger_row_cb cb, void *arg)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT j.id, j.ref, j.kind,"
	    " ifnull(j.memo, ''), j.created_at, ifnull(m.number, ''),"
	    " ifnull(m.name, ''), a.code, ifnull(am.number, ''), l.debit,"
	    " l.credit, ifnull(r.ref, '')"
	    " FROM journal_lines l JOIN journal j ON j.id = l.journal_id"
	    " JOIN accounts a ON a.id = l.account_id"
	    " LEFT JOIN members m ON m.id = j.member_id"
	    " LEFT JOIN members am ON am.id = a.member_id"
	    " LEFT JOIN journal r ON r.id = j.reverses_id"
	    " WHERE (?1 = 0 OR a.member_id = ?1)"
	    " AND (?2 = 0 OR j.created_at >= ?2)"
	    " AND (?3 = 0 OR j.created_at < ?3)"
	    " AND (?4 IS NULL OR j.ref = upper(?4) OR r.ref = upper(?4))"
	    " ORDER BY j.id, l.id");
	struct ledger_row row;
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, f->member_id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)f->from);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)f->to);
	db_bind_text_or_null(st, 4, f->ref);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&row, 0, sizeof(row));
		row.journal_id = sqlite3_column_int64(st, 0);
		row.at = (time_t)sqlite3_column_int64(st, 4);
		row.debit = sqlite3_column_int64(st, 9);
		row.credit = sqlite3_column_int64(st, 10);
		if (db_column_text(db, st, 1, row.ref, sizeof(row.ref)) == -1 ||
		    db_column_text(db, st, 2, row.kind, sizeof(row.kind)) == -1 ||
		    db_column_text(db, st, 3, row.memo, sizeof(row.memo)) == -1 ||
		    db_column_text(db, st, 5, row.member, sizeof(row.member)) == -1 ||
		    db_column_text(db, st, 6, row.member_name,
		    sizeof(row.member_name)) == -1 ||
		    db_column_text(db, st, 7, row.account,
		    sizeof(row.account)) == -1 ||
		    db_column_text(db, st, 8, row.account_member,
		    sizeof(row.account_member)) == -1 ||
		    db_column_text(db, st, 11, row.reverses,
		    sizeof(row.reverses)) == -1 ||
		    cb(&row, arg) == -1) {
			sqlite3_reset(st);
			return -1;
		}
	}
	return db_rows_end(db, st, rc, "ledger rows");
}

int
ledger_code_totals(struct db *db, time_t from, time_t to,
    struct code_total *out, int max)
{
#define CODE_TOTALS(span) "SELECT a.code, sum(l.debit), sum(l.credit)" \
	" FROM journal_lines l JOIN journal j ON j.id = l.journal_id" \
	" JOIN accounts a ON a.id = l.account_id" \
	" WHERE " span "j.created_at >= ?1 AND j.created_at < ?2" \
	" GROUP BY a.code ORDER BY a.code"
	/*
	 * A span is read by the journal's day index (db/schema.c); balances
	 * from the first day read every line, in the order they lie.
	 */
	sqlite3_stmt *st = db_stmt(db, from > 0 ? CODE_TOTALS("j.created_at"
	    " / 86400 BETWEEN ?1 / 86400 AND (?2 - 1) / 86400 AND ") :
	    CODE_TOTALS(""));
	int n = 0, rc;
#undef CODE_TOTALS

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)from);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)to);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == max)
			continue;
		if (db_column_text(db, st, 0, out[n].code,
		    sizeof(out[n].code)) == -1) {
			sqlite3_reset(st);
			return -1;
		}
		out[n].debit = sqlite3_column_int64(st, 1);
		out[n].credit = sqlite3_column_int64(st, 2);
		n++;
	}
	return db_rows_end(db, st, rc, "code totals") == -1 ? -1 : n;
}

const struct code_total *
code_total_find(const struct code_total *t, int n, const char *code)
{
	static const struct code_total none;
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(t[i].code, code) == 0)
			return &t[i];
	return &none;
}
