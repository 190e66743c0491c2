/*
 * The connection: pragmas, the statement cache and transactions.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"

void
db_log(struct db *db, const char *what)
{
	log_warnx("%s: %s: %s", db->path ? db->path : "db", what,
	    sqlite3_errmsg(db->h));
}

int
db_exec(struct db *db, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(db->h, sql, NULL, NULL, &err) != SQLITE_OK) {
		log_warnx("%s: %s: %s", db->path, sql, err ? err : "?");
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

int
db_open(struct db *db, const char *path)
{
	memset(db, 0, sizeof(*db));
	db->path = strdup(path);
	if (db->path == NULL)
		return -1;
	if (sqlite3_open_v2(path, &db->h, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		db_log(db, "open");
		db_close(db);
		return -1;
	}
	/*
	 * WAL lets kopdesctl read while the daemon writes; synchronous=FULL
	 * because a reply we queued and a deposit we posted must survive a
	 * power cut in a village office.
	 */
	sqlite3_busy_timeout(db->h, 5000);
	if (db_exec(db, "PRAGMA journal_mode=WAL") == -1 ||
	    db_exec(db, "PRAGMA synchronous=FULL") == -1 ||
	    db_exec(db, "PRAGMA foreign_keys=ON") == -1 ||
	    schema_migrate(db) == -1) {
		db_close(db);
		return -1;
	}
	return 0;
}

void
db_close(struct db *db)
{
	int i;

	for (i = 0; i < DB_STMT_SLOTS; i++)
		if (db->stmts[i].st != NULL)
			sqlite3_finalize(db->stmts[i].st);
	if (db->h != NULL)
		sqlite3_close(db->h);
	free(db->path);
	memset(db, 0, sizeof(*db));
}

/*
 * Statements are keyed by the address of their SQL literal, so a lookup is
 * a hash of a pointer and no string compare; each is prepared once per
 * connection with the PERSISTENT hint and reset before it is handed out.
 */
sqlite3_stmt *
db_stmt(struct db *db, const char *sql)
{
	uintptr_t h = (uintptr_t)sql;
	unsigned i, n;
	struct db_stmt_slot *slot;

	h ^= h >> 17;
	h *= 0x9E3779B97F4A7C15ull;
	for (n = 0; n < DB_STMT_SLOTS; n++) {
		i = (unsigned)((h >> 24) + n) % DB_STMT_SLOTS;
		slot = &db->stmts[i];
		if (slot->sql == sql) {
			sqlite3_reset(slot->st);
			sqlite3_clear_bindings(slot->st);
			return slot->st;
		}
		if (slot->sql == NULL) {
			if (sqlite3_prepare_v3(db->h, sql, -1,
			    SQLITE_PREPARE_PERSISTENT, &slot->st, NULL) != SQLITE_OK) {
				log_warnx("%s: prepare: %s: %s", db->path,
				    sqlite3_errmsg(db->h), sql);
				slot->st = NULL;
				return NULL;
			}
			slot->sql = sql;
			return slot->st;
		}
	}
	log_warnx("%s: statement cache full", db->path);
	return NULL;
}

int
db_step_done(struct db *db, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		db_log(db, sqlite3_sql(st));
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	return 0;
}

/*
 * Steps a statement that returns at most one integer: 1 and *out set when
 * a row came back, 0 when none did, -1 on an error (logged).
 */
int
db_one_int64(struct db *db, sqlite3_stmt *st, int64_t *out)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	db_log(db, sqlite3_sql(st));
	return -1;
}

static int
db_run(struct db *db, const char *sql)
{
	sqlite3_stmt *st = db_stmt(db, sql);

	if (st == NULL)
		return -1;
	return db_step_done(db, st);
}

int
db_begin(struct db *db)
{
	db->tx_depth = 0;
	return db_run(db, "BEGIN IMMEDIATE");
}

int
db_commit(struct db *db)
{
	if (db_run(db, "COMMIT") == -1)
		return -1;
	/* Wall time, not the gateway's clock: the metrics' liveness signal. */
	db->last_commit = time(NULL);
	return 0;
}

int
db_rollback(struct db *db)
{
	db->tx_depth = 0;
	if (sqlite3_get_autocommit(db->h))
		return 0;
	return db_run(db, "ROLLBACK");
}

/*
 * One savepoint name serves every level: SQLite releases or rolls back to
 * the innermost savepoint of that name, which is the one we mean.
 */
int
db_savepoint(struct db *db)
{
	if (db_run(db, "SAVEPOINT msg") == -1)
		return -1;
	db->tx_depth++;
	return 0;
}

int
db_release(struct db *db)
{
	db->tx_depth--;
	return db_run(db, "RELEASE msg");
}

int
db_rollback_savepoint(struct db *db)
{
	db->tx_depth--;
	if (db_run(db, "ROLLBACK TO msg") == -1)
		return -1;
	return db_run(db, "RELEASE msg");
}

static const char *const role_names[] = {
	"anggota", "kasir", "bendahara", "ketua", "pengawas"
};

const char *
role_name(enum role r)
{
	size_t i;

	for (i = 0; i < sizeof(role_names) / sizeof(role_names[0]); i++)
		if (r == (enum role)(1 << i))
			return role_names[i];
	return "umum";
}

int
role_parse(const char *s, enum role *r)
{
	size_t i;

	for (i = 0; i < sizeof(role_names) / sizeof(role_names[0]); i++)
		if (strcmp(s, role_names[i]) == 0) {
			*r = (enum role)(1 << i);
			return 0;
		}
	return -1;
}

const char *
saving_type_name(enum saving_type t)
{
	switch (t) {
	case SAVING_POKOK:
		return "pokok";
	case SAVING_WAJIB:
		return "wajib";
	case SAVING_SUKARELA:
		return "sukarela";
	}
	return "?";
}
