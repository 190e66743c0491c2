/*
 * Reversal: the only way to correct the books.  The counter-entry swaps
 * every debit and credit of the original and names it; a repayment's
 * effect on its instalments is taken back with it.
 */
#include <stdio.h>
#include <string.h>

#include "db/db.h"

#define REVERSE_LINES_MAX 16

struct original {
	int64_t		 id;
	char		 kind[24];
	int64_t		 member_id;
	int		 is_reversal;
	int		 reversed;
};

static int
original_find(struct db *db, const char *ref, struct original *o)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT j.id, j.kind, ifnull(j.member_id, 0),"
	    " j.reverses_id IS NOT NULL,"
	    " EXISTS (SELECT 1 FROM journal r WHERE r.reverses_id = j.id)"
	    " FROM journal j WHERE j.ref = upper(?)");
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		o->id = sqlite3_column_int64(st, 0);
		/* The kind decides how an entry is undone: never guess it. */
		if (db_column_text(db, st, 1, o->kind, sizeof(o->kind)) == -1) {
			sqlite3_reset(st);
			return -1;
		}
		o->member_id = sqlite3_column_int64(st, 2);
		o->is_reversal = sqlite3_column_int(st, 3);
		o->reversed = sqlite3_column_int(st, 4);
	}
	return db_lookup_end(db, st, rc, "journal lookup");
}

static int
swapped_lines(struct db *db, int64_t journal_id, struct ledger_line *l, int *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT account_id, debit, credit"
	    " FROM journal_lines WHERE journal_id = ? ORDER BY id");
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, journal_id);
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < REVERSE_LINES_MAX) {
		l[*n].account_id = sqlite3_column_int64(st, 0);
		l[*n].credit = sqlite3_column_int64(st, 1);
		l[*n].debit = sqlite3_column_int64(st, 2);
		(*n)++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		db_log(db, "journal lines");
		return -1;
	}
	return 0;
}

/* Takes a repayment's amounts back off its instalments; reopens the loan. */
static int
repayment_undo(struct db *db, int64_t journal_id)
{
	sqlite3_stmt *st;

	st = db_stmt(db, "UPDATE instalments SET"
	    " paid_penalty = paid_penalty - r.penalty,"
	    " paid_interest = paid_interest - r.interest,"
	    " paid_principal = paid_principal - r.principal"
	    " FROM repayments r WHERE r.instalment_id = instalments.id"
	    " AND r.journal_id = ?");
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, journal_id);
	if (db_step_done(db, st) == -1)
		return -1;
	st = db_stmt(db, "UPDATE loans SET state = 'aktif' WHERE state = 'lunas'"
	    " AND id IN (SELECT i.loan_id FROM repayments r JOIN instalments i"
	    " ON i.id = r.instalment_id WHERE r.journal_id = ?)");
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, journal_id);
	return db_step_done(db, st);
}

static int
savings_negative(struct db *db, int64_t member_id, int *negative)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM accounts"
	    " WHERE member_id = ? AND code LIKE 'simpanan_%' AND balance < 0");

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, member_id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_log(db, "savings check");
		sqlite3_reset(st);
		return -1;
	}
	*negative = sqlite3_column_int(st, 0) > 0;
	sqlite3_reset(st);
	return 0;
}

int
ledger_reverse(struct db *db, const char *ref, const char *reason, time_t at,
    char newref[LEDGER_REF_LEN])
{
	struct original o;
	struct ledger_line lines[REVERSE_LINES_MAX];
	struct ledger_entry e;
	char memo[256];
	int n, rc, negative = 0;

	if ((rc = original_find(db, ref, &o)) != 1)
		return rc;
	if (o.is_reversal || o.reversed)
		return -2;
	if (strcmp(o.kind, "pencairan") == 0)
		return -3;
	if (swapped_lines(db, o.id, lines, &n) == -1)
		return -1;
	snprintf(memo, sizeof(memo), "%s", reason);
	memset(&e, 0, sizeof(e));
	e.kind = "pembalikan";
	e.memo = memo;
	e.member_id = o.member_id;
	e.reverses_id = o.id;
	e.at = at;
	if (db_savepoint(db) == -1)
		return -1;
	if (ledger_post(db, &e, lines, n, NULL, newref) == -1 ||
	    (strcmp(o.kind, "angsuran") == 0 && repayment_undo(db, o.id) == -1) ||
	    savings_negative(db, o.member_id, &negative) == -1) {
		db_rollback_savepoint(db);
		return -1;
	}
	if (negative) {
		db_rollback_savepoint(db);
		return -4;
	}
	if (db_release(db) == -1)
		return -1;
	return 1;
}
