/*
 * Copies of the whole file, taken with SQLite's online backup API so the
 * copy is one consistent moment of the books even while the daemon
 * writes; and the checks a copy must pass before it may replace them.
 */
#include <string.h>

#include "db/db.h"

int
db_copy_start(struct db *src, const char *path, struct db_copy *c)
{
	memset(c, 0, sizeof(*c));
	if (sqlite3_open_v2(path, &c->dst, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		log_warnx("%s: open: %s", path, sqlite3_errmsg(c->dst));
		db_copy_abort(c);
		return -1;
	}
	if ((c->b = sqlite3_backup_init(c->dst, "main", src->h, "main")) == NULL) {
		log_warnx("%s: backup: %s", path, sqlite3_errmsg(c->dst));
		db_copy_abort(c);
		return -1;
	}
	return 0;
}

enum db_copy_result
db_copy_step(struct db_copy *c, int pages)
{
	int rc = sqlite3_backup_step(c->b, pages);

	/* Busy or locked: the writer is mid-commit; the next step goes on. */
	if (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return DB_COPY_MORE;
	if (rc != SQLITE_DONE) {
		log_warnx("backup step: %s", sqlite3_errstr(rc));
		db_copy_abort(c);
		return DB_COPY_FAILED;
	}
	sqlite3_backup_finish(c->b);
	c->b = NULL;
	/* The pages carry the source's WAL flag; a copy is one file alone. */
	if (sqlite3_exec(c->dst, "PRAGMA journal_mode=DELETE", NULL, NULL,
	    NULL) != SQLITE_OK) {
		log_warnx("backup: %s", sqlite3_errmsg(c->dst));
		db_copy_abort(c);
		return DB_COPY_FAILED;
	}
	if (sqlite3_close(c->dst) != SQLITE_OK) {
		log_warnx("backup: close failed");
		return DB_COPY_FAILED;
	}
	c->dst = NULL;
	return DB_COPY_DONE;
}

void
db_copy_abort(struct db_copy *c)
{
	if (c->b != NULL)
		sqlite3_backup_finish(c->b);
	if (c->dst != NULL)
		sqlite3_close(c->dst);
	memset(c, 0, sizeof(*c));
}

int
db_integrity(struct db *db)
{
	sqlite3_stmt *st = db_stmt(db, "PRAGMA integrity_check");
	const unsigned char *v;
	int rc, ok = 0;

	if (st == NULL)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = sqlite3_column_text(st, 0);
		ok = v != NULL && strcmp((const char *)v, "ok") == 0;
		if (!ok)
			log_warnx("%s: integrity: %s", db->path, v ? (const char *)v : "?");
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW) {
		db_log(db, "integrity_check");
		return -1;
	}
	return ok;
}

int
db_file_version(const char *path, int *version)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		*version = sqlite3_column_int(st, 0);
		rc = 0;
	} else
		log_warnx("%s: %s", path, h ? sqlite3_errmsg(h) : "cannot open");
	sqlite3_finalize(st);
	sqlite3_close(h);
	return rc;
}

/* Members holding a PIN hash: a copy with none needs no key to be proved. */
int
db_pin_count(struct db *db, int64_t *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM members"
	    " WHERE pin_hash IS NOT NULL");

	if (st == NULL)
		return -1;
	return db_one_int64(db, st, n) == 1 ? 0 : -1;
}
