/*
 * SQLite's automatic checkpoint runs inside the commit that takes the WAL
 * past its size: that SMS batch waits for the database file to be
 * written and synced as well as the WAL.  Here the commits only report
 * the WAL's size and a thread of our own, on its own connection, does the
 * copying.  A checkpoint moves only pages of transactions already
 * committed (and synced in the WAL, synchronous=FULL), so what survives a
 * power cut is the same.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "db/checkpoint.h"

#define CHECKPOINT_IDLE_MS	1000	/* no commit that long: truncate */
#define CHECKPOINT_BUSY_MS	50	/* TRUNCATE waits at most this for a writer */
/*
 * SQLite starts the WAL over only in a transaction that began with every
 * frame copied, which back-to-back batches never leave time for.  Past
 * this size the committing connection copies the few frames the thread
 * has not reached yet itself, so that its next transaction starts over.
 * That commit pays for a sync of the database file, which in a file of
 * a year's rows costs tens of milliseconds: so not often (64 MB).
 */
#define CHECKPOINT_RESTART	16000	/* pages */
#define CHECKPOINT_LAST		500	/* at most, in a commit */

struct checkpointer {
	struct db	*db;		/* the committing connection's */
	sqlite3		*h;		/* the thread's own connection */
	pthread_t	 thread;
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	/* Under mu: */
	int		 wanted;	/* frames wait to be copied */
	int		 busy;		/* the thread is checkpointing */
	int		 copied;	/* WAL frames copied by its last pass */
	int		 stop;
	int		 asleep;	/* waits for any commit, not for a pause */
	unsigned long	 commits;	/* seen by the hook */
	unsigned long	 truncated_at;	/* commits at the last truncate */
	long		 runs;
};

/* In the committing thread, after each commit. */
static int
wal_committed(void *arg, sqlite3 *h, const char *name, int pages)
{
	struct checkpointer *c = arg;
	int own = 0;

	(void)name;
	pthread_mutex_lock(&c->mu);
	c->commits++;
	if (pages < c->copied)		/* started over */
		c->copied = 0;
	if (pages >= CHECKPOINT_RESTART && !c->busy &&
	    (pages - c->copied <= CHECKPOINT_LAST ||
	    pages >= 2 * CHECKPOINT_RESTART))
		own = 1;
	else if (!c->wanted && !c->busy &&
	    (pages - c->copied >= CHECKPOINT_PAGES ||
	    pages >= CHECKPOINT_RESTART)) {
		c->wanted = 1;
		c->asleep = 0;
		pthread_cond_signal(&c->cv);
	} else if (c->asleep) {		/* to wait for the next pause */
		c->asleep = 0;
		pthread_cond_signal(&c->cv);
	}
	pthread_mutex_unlock(&c->mu);
	/* Busy (the thread began a pass meanwhile): the next commit tries. */
	if (own)
		sqlite3_wal_checkpoint_v2(h, NULL, SQLITE_CHECKPOINT_PASSIVE,
		    NULL, NULL);
	return SQLITE_OK;
}

/* Never into a file put at the path since (see db_set_lost). */
static int
same_file(struct checkpointer *c)
{
	struct stat sb;

	return stat(c->db->path, &sb) == 0 && sb.st_dev == c->db->dev &&
	    sb.st_ino == c->db->ino;
}

static int
run(struct checkpointer *c, int mode, int *log, int *done)
{
	int rc;

	if (!same_file(c)) {
		pthread_mutex_lock(&c->mu);
		c->busy = 0;
		pthread_mutex_unlock(&c->mu);
		return SQLITE_MISUSE;
	}
	*log = *done = 0;
	rc = sqlite3_wal_checkpoint_v2(c->h, NULL, mode, log, done);
	pthread_mutex_lock(&c->mu);
	c->runs++;
	c->busy = 0;
	if (rc == SQLITE_OK)
		c->copied = *done;
	pthread_mutex_unlock(&c->mu);
	/* Busy: a writer or reader in the way; the next wake-up tries again. */
	if (rc != SQLITE_OK && rc != SQLITE_BUSY && rc != SQLITE_INTERRUPT)
		log_warnx("%s: checkpoint: %s", c->db->path,
		    sqlite3_errmsg(c->h));
	return rc;
}

static void
deadline_in(struct timespec *ts, long ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

static void *
checkpointer_main(void *arg)
{
	struct checkpointer *c = arg;
	struct timespec ts;
	unsigned long seen;
	int log, done;

	pthread_mutex_lock(&c->mu);
	while (!c->stop) {
		if (c->wanted) {
			c->wanted = 0;
			c->busy = 1;
			pthread_mutex_unlock(&c->mu);
			run(c, SQLITE_CHECKPOINT_PASSIVE, &log, &done);
			pthread_mutex_lock(&c->mu);
			continue;
		}
		if (c->commits == c->truncated_at) {
			c->asleep = 1;
			pthread_cond_wait(&c->cv, &c->mu);
			continue;
		}
		/* Commits since the last truncate: wait for a pause in them. */
		seen = c->commits;
		deadline_in(&ts, CHECKPOINT_IDLE_MS);
		if (pthread_cond_timedwait(&c->cv, &c->mu, &ts) != ETIMEDOUT ||
		    c->commits != seen || c->wanted || c->stop)
			continue;
		c->truncated_at = seen;
		c->busy = 1;
		pthread_mutex_unlock(&c->mu);
		/* A reader in the way: another pause, another try. */
		if (run(c, SQLITE_CHECKPOINT_TRUNCATE, &log, &done) == SQLITE_BUSY) {
			pthread_mutex_lock(&c->mu);
			c->truncated_at = seen - 1;
			continue;
		}
		pthread_mutex_lock(&c->mu);
	}
	pthread_mutex_unlock(&c->mu);
	return NULL;
}

static int
open_own(struct checkpointer *c)
{
	if (sqlite3_open_v2(c->db->path, &c->h, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		log_warnx("%s: checkpoint connection: %s", c->db->path,
		    c->h != NULL ? sqlite3_errmsg(c->h) : "out of memory");
		return -1;
	}
	if (!same_file(c)) {
		log_warnx("%s: replaced while opened for checkpoints",
		    c->db->path);
		return -1;
	}
	/*
	 * The committing connection closes last and does the final
	 * checkpoint, or, once the file is lost, deliberately none.
	 */
	sqlite3_busy_timeout(c->h, CHECKPOINT_BUSY_MS);
	/* A connection finds the WAL at its first read; before it, a checkpoint does nothing. */
	if (sqlite3_db_config(c->h, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1,
	    NULL) != SQLITE_OK || sqlite3_exec(c->h,
	    "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) != SQLITE_OK) {
		log_warnx("%s: checkpoint connection: %s", c->db->path,
		    sqlite3_errmsg(c->h));
		return -1;
	}
	return 0;
}

struct checkpointer *
checkpointer_start(struct db *db)
{
	struct checkpointer *c;
	pthread_condattr_t ca;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	c->db = db;
	if (open_own(c) == -1) {
		sqlite3_close(c->h);
		free(c);
		return NULL;
	}
	pthread_mutex_init(&c->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&c->cv, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&c->thread, NULL, checkpointer_main, c) != 0) {
		log_warnx("%s: cannot start the checkpoint thread", db->path);
		pthread_cond_destroy(&c->cv);
		pthread_mutex_destroy(&c->mu);
		sqlite3_close(c->h);
		free(c);
		return NULL;
	}
	/* The hook replaces SQLite's automatic checkpoint of this connection. */
	sqlite3_wal_autocheckpoint(db->h, 0);
	sqlite3_wal_hook(db->h, wal_committed, c);
	return c;
}

void
checkpointer_stop(struct checkpointer *c)
{
	if (c == NULL)
		return;
	sqlite3_wal_hook(c->db->h, NULL, NULL);
	sqlite3_wal_autocheckpoint(c->db->h, 1000);	/* SQLite's default */
	pthread_mutex_lock(&c->mu);
	c->stop = 1;
	pthread_cond_signal(&c->cv);
	pthread_mutex_unlock(&c->mu);
	/* A checkpoint under way stops at its next page; what it copied stays valid. */
	sqlite3_interrupt(c->h);
	pthread_join(c->thread, NULL);
	sqlite3_close(c->h);
	pthread_cond_destroy(&c->cv);
	pthread_mutex_destroy(&c->mu);
	free(c);
}

long
checkpointer_runs(struct checkpointer *c)
{
	long n;

	pthread_mutex_lock(&c->mu);
	n = c->runs;
	pthread_mutex_unlock(&c->mu);
	return n;
}
