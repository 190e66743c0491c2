/*
 * The connection: pragmas, the statement cache and transactions.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <time.h>

#include "db/db.h"
#include "db/db_internal.h"

/*
 * Errors that say nothing about the statement, only about the moment: a
 * full disk, a failing one, a lock held too long, memory.  Work that hit
 * one is worth doing again later, whole.
 */
void
db_note_error(struct db *db, int code)
{
	db->errcode = code & 0xff;
	switch (db->errcode) {
	case SQLITE_FULL:
	case SQLITE_IOERR:
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
	case SQLITE_NOMEM:
	case SQLITE_PROTOCOL:
	case SQLITE_CANTOPEN:
		db->ntransient++;
		break;
	default:
		break;
	}
}

void
db_log(struct db *db, const char *what)
{
	db_note_error(db, sqlite3_errcode(db->h));
	snprintf(db->errmsg, sizeof(db->errmsg), "%s: %s", what,
	    sqlite3_errmsg(db->h));
	if (db->quiet)
		log_debug("%s: %s", db->path ? db->path : "db", db->errmsg);
	else
		log_errorx("%s: %s", db->path ? db->path : "db", db->errmsg);
}

const char *
db_error(struct db *db)
{
	return db->errmsg[0] != '\0' ? db->errmsg : "unknown error";
}

/*
 * After SQLITE_FULL, IOERR, BUSY or NOMEM SQLite may roll the whole
 * transaction back by itself.  A statement run after that would commit
 * on its own, outside the unit it belongs to, so it is refused instead.
 */
static int
tx_lost(struct db *db)
{
	if (!db->in_tx || !sqlite3_get_autocommit(db->h))
		return 0;
	db_note_error(db, SQLITE_ABORT);
	db->ntransient++;
	snprintf(db->errmsg, sizeof(db->errmsg), "the transaction was rolled"
	    " back by an earlier error");
	log_debug("%s: %s", db->path ? db->path : "db", db->errmsg);
	return 1;
}

int
db_column_text(struct db *db, sqlite3_stmt *st, int col, char *dst, size_t len)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	size_t n;

	if (s == NULL && sqlite3_column_type(st, col) != SQLITE_NULL) {
		/* A value is there but could not be converted: out of memory. */
		db_log(db, "column read");
		if (len > 0)
			dst[0] = '\0';
		return -1;
	}
	/* As snprintf's "%s" would, without its cost on every column read. */
	if (len > 0) {
		n = s != NULL ? strnlen((const char *)s, len - 1) : 0;
		memcpy(dst, s != NULL ? (const char *)s : "", n);
		dst[n] = '\0';
	}
	return 0;
}

char *
db_column_strdup(struct db *db, sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	char *copy;

	if (s == NULL && sqlite3_column_type(st, col) != SQLITE_NULL) {
		db_log(db, "column read");
		return NULL;
	}
	if ((copy = strdup(s ? (const char *)s : "")) == NULL)
		log_warnx("%s: column copy: out of memory", db->path);
	return copy;
}

int
db_rows_end(struct db *db, sqlite3_stmt *st, int rc, const char *what)
{
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_log(db, what);
		return -1;
	}
	return 0;
}

void
db_bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s != NULL)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
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

/*
 * SQLite counts every allocation for sqlite3_memory_used(), under a
 * global mutex; nothing here reads those counts, and the counting cost a
 * tenth of the CPU of each message.  Only possible before SQLite starts.
 */
static void
sqlite_setup(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/*
 * Our own writes of a table whose rows are held in memory.  Account rows
 * are only ever added to or have their balance moved, which changes no
 * fact held about them; only a removal does.
 */
static void
table_written(void *arg, int op, const char *dbname, const char *table,
    sqlite3_int64 rowid)
{
	struct db *db = arg;

	(void)dbname;
	(void)rowid;
	if (strcmp(table, "members") == 0)
		db->gen_members++;
	else if (strcmp(table, "prices") == 0 ||
	    strcmp(table, "price_aliases") == 0)
		db->gen_prices++;
	else if (op == SQLITE_DELETE && strcmp(table, "accounts") == 0)
		db->gen_accounts++;
}

void
db_caches_stale(struct db *db)
{
	db->gen_members++;
	db->gen_prices++;
	db->gen_accounts++;
}

/*
 * Another connection (kopdesctl, a second daemon thread) may have
 * changed any row since our last transaction; PRAGMA data_version says
 * whether one did, read once the write lock is ours, so nothing can
 * change until we commit.
 */
int
db_data_version(struct db *db, int64_t *v)
{
	sqlite3_stmt *st = db_stmt(db, "PRAGMA data_version");
	int rc;

	if (st == NULL)
		return -1;
	/* Not through the fault counter: it counts the statements of a batch. */
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

static int
note_other_writers(struct db *db)
{
	int64_t v;

	if (db_data_version(db, &v) == -1) {
		db_log(db, "data_version");
		return -1;
	}
	if (v != db->data_version || !db->committed)
		db_caches_stale(db);
	db->data_version = v;
	db->committed = 0;
	return 0;
}

/*
 * The file holds names, phones and balances, so it is made private before
 * SQLite first writes to it; SQLite gives the -wal and -shm files the
 * mode of the database.  SQLite itself never creates the file, so a path
 * that names nothing (a typo, a disk not mounted) is never mistaken for
 * a cooperative with no members.
 */
static int
db_open_mode(struct db *db, const char *path, int create)
{
	struct stat sb;
	int fd;

	memset(db, 0, sizeof(*db));
	sqlite_setup();
	if (stat(path, &sb) == -1) {
		if (errno != ENOENT) {
			log_warn("%s", path);
			return DB_OPEN_ERROR;
		}
		if (!create)
			return DB_OPEN_MISSING;
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd == -1 && errno != EEXIST) {
			log_warn("%s: create", path);
			return DB_OPEN_ERROR;
		}
		if (fd != -1)
			close(fd);
		if (stat(path, &sb) == -1) {
			log_warn("%s", path);
			return DB_OPEN_ERROR;
		}
	}
	db->path = strdup(path);
	if (db->path == NULL)
		return DB_OPEN_ERROR;
	db->dev = sb.st_dev;
	db->ino = sb.st_ino;
	if (sqlite3_open_v2(path, &db->h, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		db_log(db, "open");
		db_close(db);
		return DB_OPEN_ERROR;
	}
	if (db_still_there(db) != DB_THERE) {
		log_warnx("%s: replaced while being opened", path);
		db_close(db);
		return DB_OPEN_ERROR;
	}
	/*
	 * WAL lets kopdesctl read while the daemon writes; synchronous=FULL
	 * because a reply we queued and a deposit we posted must survive a
	 * power cut in a village office.
	 */
	sqlite3_busy_timeout(db->h, 5000);
	sqlite3_update_hook(db->h, table_written, db);
	/*
	 * temp_store=MEMORY: each message's savepoint keeps a statement
	 * journal, which otherwise goes to a temporary file written for every
	 * message (several times the WAL's bytes).  It holds nothing a crash
	 * must find: the WAL alone makes a commit durable.
	 */
	if (db_exec(db, "PRAGMA journal_mode=WAL") == -1 ||
	    db_exec(db, "PRAGMA synchronous=FULL") == -1 ||
	    db_exec(db, "PRAGMA temp_store=MEMORY") == -1 ||
	    db_exec(db, "PRAGMA foreign_keys=ON") == -1 ||
	    schema_migrate(db) == -1) {
		db_close(db);
		return DB_OPEN_ERROR;
	}
	return DB_OPEN_OK;
}

int
db_open(struct db *db, const char *path)
{
	return db_open_mode(db, path, 1) == DB_OPEN_OK ? 0 : -1;
}

int
db_open_existing(struct db *db, const char *path)
{
	return db_open_mode(db, path, 0);
}

enum db_presence
db_still_there(struct db *db)
{
	struct stat sb;

	if (stat(db->path, &sb) == -1)
		return DB_GONE;
	if (sb.st_dev != db->dev || sb.st_ino != db->ino)
		return DB_REPLACED;
	return DB_THERE;
}

/*
 * Once the path names another file or none, what the -wal at that path
 * holds is ours: checkpointing it into our own file leaves that file
 * whole (it can be copied out through /proc) and the -wal empty, so
 * whatever is put at the path is not mixed with our pages.  Closing must
 * then not checkpoint or delete the -wal and -shm, which by then may
 * belong to the file now at the path.
 */
int
db_set_lost(struct db *db, int lost)
{
	int rc = 0;

	if (lost && sqlite3_wal_checkpoint_v2(db->h, NULL,
	    SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL) != SQLITE_OK) {
		db_log(db, "checkpoint");
		rc = -1;
	}
	if (sqlite3_db_config(db->h, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, lost,
	    NULL) != SQLITE_OK) {
		db_log(db, "no checkpoint on close");
		rc = -1;
	}
	return rc;
}

/* SQLite does not hand out its descriptor; find it by the file's identity. */
int
db_fd(struct db *db)
{
	DIR *dir;
	struct dirent *de;
	struct stat sb;
	int fd, found = -1;

	if ((dir = opendir("/proc/self/fd")) == NULL)
		return -1;
	while (found == -1 && (de = readdir(dir)) != NULL) {
		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		fd = atoi(de->d_name);
		if (fd != dirfd(dir) && fstat(fd, &sb) == 0 &&
		    sb.st_dev == db->dev && sb.st_ino == db->ino)
			found = fd;
	}
	closedir(dir);
	return found;
}

void
db_close(struct db *db)
{
	int i;

	for (i = 0; i < DB_STMT_SLOTS; i++)
		if (db->stmts[i].st != NULL)
			sqlite3_finalize(db->stmts[i].st);
	member_cache_free(db);
	price_cache_free(db);
	account_cache_free(db);
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
				db_note_error(db, sqlite3_errcode(db->h));
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

static int
step_done(struct db *db, sqlite3_stmt *st, int is_commit)
{
	int rc;

	if (db_fault_now(db, is_commit, sqlite3_sql(st)) || tx_lost(db))
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		/* A statement meant to finish that returns a row is a bug. */
		sqlite3_reset(st);
		snprintf(db->errmsg, sizeof(db->errmsg), "%s: returned a row",
		    sqlite3_sql(st));
		log_warnx("%s: %s", db->path, db->errmsg);
		return -1;
	}
	if (rc != SQLITE_DONE) {
		db_log(db, sqlite3_sql(st));
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	return 0;
}

int
db_step_done(struct db *db, sqlite3_stmt *st)
{
	return step_done(db, st, 0);
}

/*
 * Steps a statement that returns at most one integer: 1 and *out set when
 * a row came back, 0 when none did, -1 on an error (logged).
 */
int
db_one_int64(struct db *db, sqlite3_stmt *st, int64_t *out)
{
	int rc;

	if (db_fault_now(db, 0, sqlite3_sql(st)) || tx_lost(db)) {
		sqlite3_reset(st);
		return -1;
	}
	rc = sqlite3_step(st);

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

/*
 * Later rows are stepped with sqlite3_step: a statement with RETURNING
 * makes all its changes in its first step.  On -1 the error is logged and
 * st reset.
 */
int
db_step_first(struct db *db, sqlite3_stmt *st)
{
	int rc;

	if (db_fault_now(db, 0, sqlite3_sql(st)) || tx_lost(db)) {
		sqlite3_reset(st);
		return -1;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return rc;
	db_log(db, sqlite3_sql(st));
	sqlite3_reset(st);
	return -1;
}

static int
db_run(struct db *db, const char *sql)
{
	sqlite3_stmt *st = db_stmt(db, sql);

	if (st == NULL)
		return -1;
	return step_done(db, st, 0);
}

int
db_begin(struct db *db)
{
	sqlite3_stmt *st;

	db->tx_depth = 0;
	db->elide_savepoints = 0;
	db->savepoint_undone = 0;
	/* A transaction left open by a failed rollback must not wedge us. */
	if (!sqlite3_get_autocommit(db->h))
		db_rollback(db);
	db->in_tx = 0;
	if ((st = db_stmt(db, "BEGIN IMMEDIATE")) == NULL ||
	    step_done(db, st, 0) == -1)
		return -1;
	if (note_other_writers(db) == -1) {
		db_rollback(db);
		return -1;
	}
	db->in_tx = 1;
	return 0;
}

int
db_commit(struct db *db)
{
	sqlite3_stmt *st = db_stmt(db, "COMMIT");

	if (st == NULL || step_done(db, st, 1) == -1)
		return -1;
	db->in_tx = 0;
	db->elide_savepoints = 0;
	db->savepoint_undone = 0;
	db->committed = 1;
	/* Wall time, not the gateway's clock: the metrics' liveness signal. */
	db->last_commit = time(NULL);
	return 0;
}

int
db_rollback(struct db *db)
{
	sqlite3_stmt *st;
	int rc;

	db->tx_depth = 0;
	db->in_tx = 0;
	db->elide_savepoints = 0;
	db->savepoint_undone = 0;
	db_caches_stale(db);
	if (sqlite3_get_autocommit(db->h))
		return 0;
	if ((st = db_stmt(db, "ROLLBACK")) == NULL)
		return -1;
	if ((rc = sqlite3_step(st)) != SQLITE_DONE)
		db_log(db, "ROLLBACK");
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * One savepoint name serves every level: SQLite releases or rolls back to
 * the innermost savepoint of that name, which is the one we mean.
 */
int
db_savepoint(struct db *db)
{
	if (!db->elide_savepoints && db_run(db, "SAVEPOINT msg") == -1)
		return -1;
	db->tx_depth++;
	return 0;
}

int
db_release(struct db *db)
{
	db->tx_depth--;
	return db->elide_savepoints ? 0 : db_run(db, "RELEASE msg");
}

int
db_rollback_savepoint(struct db *db)
{
	db->tx_depth--;
	if (db->elide_savepoints) {
		db->savepoint_undone = 1;
		return -1;
	}
	db_caches_stale(db);
	if (db_run(db, "ROLLBACK TO msg") == -1)
		return -1;
	return db_run(db, "RELEASE msg");
}

/*
 * A savepoint makes SQLite copy every page a message first touches into
 * its statement journal: about a fifth of the CPU of a message.  A batch
 * in which nothing is undone needs none, so it can run without them and
 * be redone with them in the rare batch where something is.
 */
void
db_elide_savepoints(struct db *db)
{
	db->elide_savepoints = 1;
	db->savepoint_undone = 0;
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
