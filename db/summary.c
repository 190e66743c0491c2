/*
 * A day's money movements for the treasurer's summary: per kind of
 * entry, how many and how much cash moved.  The span is also said in
 * days, so the journal's day index (db/schema.c) reads only those days.
 */
#include <stdio.h>
#include <string.h>

#include "db/db.h"

int
journal_day_totals(struct db *db, time_t from, time_t to, struct day_total *out,
    int max)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT j.kind, count(DISTINCT j.id),"
	    " abs(sum(l.debit - l.credit)) FROM journal j"
	    " JOIN journal_lines l ON l.journal_id = j.id"
	    " JOIN accounts a ON a.id = l.account_id AND a.code = 'kas'"
	    " WHERE j.created_at / 86400 BETWEEN ?1 / 86400 AND (?2 - 1) / 86400"
	    " AND j.created_at >= ?1 AND j.created_at < ?2"
	    " GROUP BY j.kind ORDER BY j.kind");
	int n = 0, rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)from);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)to);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max) {
		if (db_column_text(db, st, 0, out[n].kind,
		    sizeof(out[n].kind)) == -1) {
			sqlite3_reset(st);
			return -1;
		}
		out[n].count = sqlite3_column_int64(st, 1);
		out[n].amount = sqlite3_column_int64(st, 2);
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		db_log(db, "day totals");
		return -1;
	}
	return n;
}
