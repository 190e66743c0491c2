/*
 * The ledger read back: its lines one by one with the entry and member
 * they belong to (the mutasi, the ledger export), and per account code
 * the sums of debits and credits over a span of time, which every report
 * is built from so each figure is the ledger's own.
 */
#include <stdio.h>
#include <string.h>

#include "db/db.h"

static void
text_of(char *dst, size_t len, sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);

	snprintf(dst, len, "%s", s ? (const char *)s : "");
}

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
	if (f->ref != NULL)
		sqlite3_bind_text(st, 4, f->ref, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 4);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&row, 0, sizeof(row));
		row.journal_id = sqlite3_column_int64(st, 0);
		text_of(row.ref, sizeof(row.ref), st, 1);
		text_of(row.kind, sizeof(row.kind), st, 2);
		text_of(row.memo, sizeof(row.memo), st, 3);
		row.at = (time_t)sqlite3_column_int64(st, 4);
		text_of(row.member, sizeof(row.member), st, 5);
		text_of(row.member_name, sizeof(row.member_name), st, 6);
		text_of(row.account, sizeof(row.account), st, 7);
		text_of(row.account_member, sizeof(row.account_member), st, 8);
		row.debit = sqlite3_column_int64(st, 9);
		row.credit = sqlite3_column_int64(st, 10);
		text_of(row.reverses, sizeof(row.reverses), st, 11);
		if (cb(&row, arg) == -1) {
			sqlite3_reset(st);
			return -1;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_log(db, "ledger rows");
		return -1;
	}
	return 0;
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
		text_of(out[n].code, sizeof(out[n].code), st, 0);
		out[n].debit = sqlite3_column_int64(st, 1);
		out[n].credit = sqlite3_column_int64(st, 2);
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_log(db, "code totals");
		return -1;
	}
	return n;
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
