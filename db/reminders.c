/*
 * Which instalments to remind about today: due in exactly `days_before`
 * days, due today, or overdue; each at most once a day.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"

int
instalment_reminders(struct db *db, const char *today, const char *ahead,
    reminder_cb cb, void *arg)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT i.id, i.loan_id, i.seq, i.due_on,"
	    " i.principal, i.interest, i.paid_principal, i.paid_interest,"
	    " i.paid_penalty, l.member_id, l.code FROM instalments i"
	    " JOIN loans l ON l.id = i.loan_id WHERE l.state = 'aktif'"
	    " AND (i.paid_principal < i.principal OR i.paid_interest < i.interest)"
	    " AND (i.due_on = ?2 OR i.due_on <= ?1)"
	    " AND ifnull(i.reminded_on, '') <> ?1 ORDER BY i.due_on, i.id");
	struct instalment in;
	struct instalment *all = NULL, *tmp;
	int64_t *members = NULL, *mtmp;
	char (*codes)[12] = NULL, (*ctmp)[12];
	size_t n = 0, cap = 0, i;
	int rc, ret = 0;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, today, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, ahead, -1, SQLITE_STATIC);
	/* Copied out first: the callback writes (the SMS, reminded_on). */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			tmp = realloc(all, cap * sizeof(*all));
			mtmp = realloc(members, cap * sizeof(*members));
			ctmp = realloc(codes, cap * sizeof(*codes));
			if (tmp != NULL)
				all = tmp;
			if (mtmp != NULL)
				members = mtmp;
			if (ctmp != NULL)
				codes = ctmp;
			if (tmp == NULL || mtmp == NULL || ctmp == NULL) {
				ret = -1;
				break;
			}
		}
		memset(&in, 0, sizeof(in));
		in.id = sqlite3_column_int64(st, 0);
		in.loan_id = sqlite3_column_int64(st, 1);
		in.seq = sqlite3_column_int(st, 2);
		if (db_column_text(db, st, 3, in.due_on, sizeof(in.due_on)) == -1 ||
		    db_column_text(db, st, 10, codes[n], sizeof(codes[n])) == -1) {
			ret = -1;
			break;
		}
		in.principal = sqlite3_column_int64(st, 4);
		in.interest = sqlite3_column_int64(st, 5);
		in.paid_principal = sqlite3_column_int64(st, 6);
		in.paid_interest = sqlite3_column_int64(st, 7);
		in.paid_penalty = sqlite3_column_int64(st, 8);
		all[n] = in;
		members[n] = sqlite3_column_int64(st, 9);
		n++;
	}
	sqlite3_reset(st);
	if (ret == 0 && rc != SQLITE_DONE) {
		db_log(db, "reminders");
		ret = -1;
	}
	for (i = 0; ret == 0 && i < n; i++)
		if (cb(&all[i], members[i], codes[i], arg) == -1)
			ret = -1;
	free(all);
	free(members);
	free(codes);
	return ret;
}

int
instalment_set_reminded(struct db *db, int64_t id, const char *day)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE instalments SET reminded_on = ?"
	    " WHERE id = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	return db_step_done(db, st);
}
