/*
 * Loans and their instalments.  The arithmetic lives in handlers/; here
 * are the rows.  The schema lets a member hold one open loan at a time.
 */
#include <stdio.h>
#include <string.h>

#include "db/db.h"

static const char *const loan_states[] = { "diajukan", "ditolak", "aktif", "lunas" };

const char *
loan_state_name(enum loan_state s)
{
	return (unsigned)s < 4 ? loan_states[s] : "?";
}

#define LOAN_COLUMNS "id, code, member_id, principal, months, rate_bp, state," \
	" applied_at, ifnull(disbursed_on, '')"

/* -1 when a text column could not be read (out of memory), logged. */
static int
loan_from_row(struct db *db, sqlite3_stmt *st, struct loan *l)
{
	char state[16];
	int i;

	memset(l, 0, sizeof(*l));
	if (db_column_text(db, st, 1, l->code, sizeof(l->code)) == -1 ||
	    db_column_text(db, st, 6, state, sizeof(state)) == -1 ||
	    db_column_text(db, st, 8, l->disbursed_on,
	    sizeof(l->disbursed_on)) == -1)
		return -1;
	l->id = sqlite3_column_int64(st, 0);
	l->member_id = sqlite3_column_int64(st, 2);
	l->principal = sqlite3_column_int64(st, 3);
	l->months = sqlite3_column_int(st, 4);
	l->rate_bp = sqlite3_column_int(st, 5);
	for (i = 0; i < 4; i++)
		if (strcmp(state, loan_states[i]) == 0)
			l->state = (enum loan_state)i;
	l->applied_at = (time_t)sqlite3_column_int64(st, 7);
	return 0;
}

static int
loan_fetch(struct db *db, sqlite3_stmt *st, struct loan *l)
{
	int rc = sqlite3_step(st), bad = 0;

	if (rc == SQLITE_ROW)
		bad = loan_from_row(db, st, l) == -1;
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return bad ? -1 : 1;
	if (rc == SQLITE_DONE)
		return 0;
	db_log(db, "loan lookup");
	return -1;
}

int
loan_insert(struct db *db, struct loan *l)
{
	sqlite3_stmt *st;
	int rc;

	st = db_stmt(db, "INSERT INTO loans(code, member_id, principal, months,"
	    " rate_bp, state, applied_at) VALUES (printf('P%04d',"
	    " (SELECT ifnull(max(id), 0) + 1 FROM loans)), ?, ?, ?, ?, ?, ?)");
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, l->member_id);
	sqlite3_bind_int64(st, 2, l->principal);
	sqlite3_bind_int(st, 3, l->months);
	sqlite3_bind_int(st, 4, l->rate_bp);
	sqlite3_bind_text(st, 5, loan_state_name(l->state), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)l->applied_at);
	if (db_step_done(db, st) == -1)
		return -1;
	l->id = sqlite3_last_insert_rowid(db->h);
	st = db_stmt(db, "SELECT code FROM loans WHERE id = ?");
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, l->id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_log(db, "loan code");
		sqlite3_reset(st);
		return -1;
	}
	rc = db_column_text(db, st, 0, l->code, sizeof(l->code));
	sqlite3_reset(st);
	return rc;
}

int
loan_by_code(struct db *db, const char *code, struct loan *l)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " LOAN_COLUMNS " FROM loans"
	    " WHERE code = upper(?)");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	return loan_fetch(db, st, l);
}

int
loan_by_id(struct db *db, int64_t id, struct loan *l)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " LOAN_COLUMNS " FROM loans"
	    " WHERE id = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return loan_fetch(db, st, l);
}

int
loan_open_for_member(struct db *db, int64_t member_id, struct loan *l)
{
	return loan_open_other(db, member_id, 0, l);
}

int
loan_open_other(struct db *db, int64_t member_id, int64_t except_id,
    struct loan *l)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " LOAN_COLUMNS " FROM loans"
	    " WHERE member_id = ? AND state IN ('diajukan', 'aktif') AND id <> ?"
	    " ORDER BY id LIMIT 1");

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, member_id);
	sqlite3_bind_int64(st, 2, except_id);
	return loan_fetch(db, st, l);
}

int
loan_latest_for_member(struct db *db, int64_t member_id, struct loan *l)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " LOAN_COLUMNS " FROM loans"
	    " WHERE member_id = ? ORDER BY id DESC LIMIT 1");

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, member_id);
	return loan_fetch(db, st, l);
}

int
loan_decide(struct db *db, int64_t loan_id, enum loan_state state, int64_t by,
    const char *disbursed_on, time_t at)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE loans SET state = ?,"
	    " decided_by = ?, disbursed_on = ?, decided_at = ?"
	    " WHERE id = ? AND state = 'diajukan'");

	if (st == NULL)
		return LOAN_DECIDE_ERROR;
	sqlite3_bind_text(st, 1, loan_state_name(state), -1, SQLITE_STATIC);
	if (by != 0)
		sqlite3_bind_int64(st, 2, by);
	sqlite3_bind_text(st, 3, disbursed_on, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)at);
	sqlite3_bind_int64(st, 5, loan_id);
	if (db_step_done(db, st) == -1)
		return LOAN_DECIDE_ERROR;
	return sqlite3_changes(db->h) == 1 ? LOAN_DECIDE_OK :
	    LOAN_DECIDE_NOT_PENDING;
}

int
loan_set_state(struct db *db, int64_t loan_id, enum loan_state state)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE loans SET state = ? WHERE id = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, loan_state_name(state), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, loan_id);
	return db_step_done(db, st);
}

int
loan_foreach(struct db *db, int state, loan_cb cb, void *arg)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " LOAN_COLUMNS " FROM loans"
	    " WHERE ?1 = -1 OR state = ?2 ORDER BY id");
	struct loan l;
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, state);
	sqlite3_bind_text(st, 2, state >= 0 ? loan_state_name((enum loan_state)state)
	    : "", -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (loan_from_row(db, st, &l) == -1 || cb(&l, arg) == -1) {
			sqlite3_reset(st);
			return -1;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_log(db, "loan list");
		return -1;
	}
	return 0;
}

int
instalment_insert(struct db *db, struct instalment *in)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO instalments(loan_id, seq,"
	    " due_on, principal, interest) VALUES (?, ?, ?, ?, ?)");

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, in->loan_id);
	sqlite3_bind_int(st, 2, in->seq);
	sqlite3_bind_text(st, 3, in->due_on, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, in->principal);
	sqlite3_bind_int64(st, 5, in->interest);
	if (db_step_done(db, st) == -1)
		return -1;
	in->id = sqlite3_last_insert_rowid(db->h);
	return 0;
}

int
instalment_unpaid(struct db *db, int64_t loan_id, struct instalment *out, int max)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT id, loan_id, seq, due_on,"
	    " principal, interest, paid_principal, paid_interest, paid_penalty"
	    " FROM instalments WHERE loan_id = ? AND (paid_principal < principal"
	    " OR paid_interest < interest) ORDER BY seq");
	int n = 0, rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, loan_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max) {
		struct instalment *in = &out[n++];

		memset(in, 0, sizeof(*in));
		in->id = sqlite3_column_int64(st, 0);
		in->loan_id = sqlite3_column_int64(st, 1);
		in->seq = sqlite3_column_int(st, 2);
		if (db_column_text(db, st, 3, in->due_on,
		    sizeof(in->due_on)) == -1) {
			sqlite3_reset(st);
			return -1;
		}
		in->principal = sqlite3_column_int64(st, 4);
		in->interest = sqlite3_column_int64(st, 5);
		in->paid_principal = sqlite3_column_int64(st, 6);
		in->paid_interest = sqlite3_column_int64(st, 7);
		in->paid_penalty = sqlite3_column_int64(st, 8);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		db_log(db, "instalments");
		return -1;
	}
	return n;
}

int
instalment_pay(struct db *db, int64_t id, int64_t journal_id, int64_t penalty,
    int64_t interest, int64_t principal)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE instalments SET"
	    " paid_penalty = paid_penalty + ?, paid_interest = paid_interest + ?,"
	    " paid_principal = paid_principal + ? WHERE id = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, penalty);
	sqlite3_bind_int64(st, 2, interest);
	sqlite3_bind_int64(st, 3, principal);
	sqlite3_bind_int64(st, 4, id);
	if (db_step_done(db, st) == -1)
		return -1;
	st = db_stmt(db, "INSERT INTO repayments(journal_id, instalment_id,"
	    " penalty, interest, principal) VALUES (?, ?, ?, ?, ?)");
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, journal_id);
	sqlite3_bind_int64(st, 2, id);
	sqlite3_bind_int64(st, 3, penalty);
	sqlite3_bind_int64(st, 4, interest);
	sqlite3_bind_int64(st, 5, principal);
	return db_step_done(db, st);
}
