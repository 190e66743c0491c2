/*
 * Facts about the database itself that both programs must agree on (the
 * time zone its dates are written in, the check value of its PIN key,
 * the last backup), one row per name.
 */
#include <stdio.h>
#include <string.h>

#include "db/db.h"

int
setting_get(struct db *db, const char *key, char *buf, size_t len)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT value FROM settings WHERE key = ?1");
	const unsigned char *v;
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		v = sqlite3_column_text(st, 0);
		snprintf(buf, len, "%s", v ? (const char *)v : "");
	}
	return db_lookup_end(db, st, rc, "settings");
}

int
setting_set(struct db *db, const char *key, const char *value)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO settings(key, value)"
	    " VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}
