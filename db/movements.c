/*
 * A member's last movements of money for MUTASI: when, what kind of
 * entry, how much cash moved, and the Ref she was given.
 */
#include <stdio.h>
#include <string.h>

#include "db/db.h"

int
journal_member_last(struct db *db, int64_t member_id, struct movement *out,
    int max)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT j.created_at, j.kind, j.ref,"
	    " abs(sum(l.debit - l.credit)) FROM journal j"
	    " JOIN journal_lines l ON l.journal_id = j.id"
	    " JOIN accounts a ON a.id = l.account_id AND a.code = 'kas'"
	    " WHERE j.member_id = ? GROUP BY j.id ORDER BY j.id DESC LIMIT ?");
	int n = 0, rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, member_id);
	sqlite3_bind_int(st, 2, max);
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
