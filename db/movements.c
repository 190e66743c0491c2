/*
 * A member's last movements of money for MUTASI: when, what kind of
 * entry, how much cash moved, and the Ref she was given.
 */
#include <stdio.h>
#include <string.h>

#include "db/db.h"

/* The first and last day (UTC, as the index has them) with any entry. */
static int
journal_days(struct db *db, int64_t *first, int64_t *last)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT"
	    " (SELECT min(created_at / 86400) FROM journal),"
	    " (SELECT max(created_at / 86400) FROM journal)");
	int rc;

	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		*first = sqlite3_column_int64(st, 0);
		*last = sqlite3_column_int64(st, 1);
	}
	return db_lookup_end(db, st, rc, "journal days") == -1 ? -1 : 0;
}

/*
 * The journal is indexed by day, then member (db/schema.c), so the
 * newest entries are found a day at a time going back; each day is one
 * look-up in the index, however many members were busy that day.
 */
int
journal_member_last(struct db *db, int64_t member_id, struct movement *out,
    int max)
{
	sqlite3_stmt *st;
	int64_t first = 0, last = -1, day;
	int n = 0, rc = SQLITE_DONE;

	if (journal_days(db, &first, &last) == -1)
		return -1;
	for (day = last; day >= first && n < max; day--) {
		st = db_stmt(db, "SELECT j.created_at, j.kind, j.ref,"
		    " abs(sum(l.debit - l.credit)) FROM journal j"
		    " JOIN journal_lines l ON l.journal_id = j.id"
		    " JOIN accounts a ON a.id = l.account_id AND a.code = 'kas'"
		    " WHERE j.created_at / 86400 = ?1 AND j.member_id = ?2"
		    " GROUP BY j.id ORDER BY j.id DESC LIMIT ?3");
		if (st == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, day);
		sqlite3_bind_int64(st, 2, member_id);
		sqlite3_bind_int(st, 3, max - n);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max) {
			out[n].at = (time_t)sqlite3_column_int64(st, 0);
			snprintf(out[n].kind, sizeof(out[n].kind), "%s",
			    sqlite3_column_text(st, 1));
			snprintf(out[n].ref, sizeof(out[n].ref), "%s",
			    sqlite3_column_text(st, 2));
			out[n].amount = sqlite3_column_int64(st, 3);
			n++;
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
			db_log(db, "member movements");
			return -1;
		}
	}
	return n;
}

int
journal_lookup(struct db *db, const char *ref, struct movement *mv,
    int64_t *member_id)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT j.created_at, j.kind, j.ref,"
	    " (SELECT abs(sum(l.debit - l.credit)) FROM journal_lines l"
	    "  JOIN accounts a ON a.id = l.account_id AND a.code = 'kas'"
	    "  WHERE l.journal_id = j.id), ifnull(j.member_id, 0)"
	    " FROM journal j WHERE j.ref = upper(?)");
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		mv->at = (time_t)sqlite3_column_int64(st, 0);
		snprintf(mv->kind, sizeof(mv->kind), "%s", sqlite3_column_text(st, 1));
		snprintf(mv->ref, sizeof(mv->ref), "%s", sqlite3_column_text(st, 2));
		mv->amount = sqlite3_column_int64(st, 3);
		*member_id = sqlite3_column_int64(st, 4);
	}
	return db_lookup_end(db, st, rc, "journal lookup");
}

int
member_joined_at(struct db *db, int64_t member_id, time_t *at)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT created_at FROM members WHERE id = ?");
	int64_t v;
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, member_id);
	if ((rc = db_one_int64(db, st, &v)) == 1)
		*at = (time_t)v;
	return rc;
}
