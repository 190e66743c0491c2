/*
 * The end of a lookup that steps its statement once: the same three
 * answers for every table, so callers only say what they were looking up.
 */
#include "db/db.h"

int
db_lookup_end(struct db *db, sqlite3_stmt *st, int rc, const char *what)
{
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	db_log(db, what);
	return -1;
}
