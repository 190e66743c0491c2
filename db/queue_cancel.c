/*
 * Calling back SMS not sent yet: they stay in the outbox as failed, with
 * the operator's reason, so what was meant to be said is still on record.
 */
#include <stdio.h>

#include "db/db.h"

int
outbox_cancel_queued(struct db *db, const char *reason, int64_t *n)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE outbox SET state = 'gagal',"
	    " last_error = 'dibatalkan: ' || ? WHERE state = 'antri'");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, reason, -1, SQLITE_STATIC);
	if (db_step_done(db, st) == -1)
		return -1;
	*n = sqlite3_changes(db->h);
	return 0;
}
