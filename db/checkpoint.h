/*
 * WAL checkpoints on a thread of their own, off the path of the commits.
 * The connection given stops checkpointing in its commits; after each of
 * its commits it tells the thread how many pages the WAL holds, and the
 * thread, with its own connection to the same file, copies them into the
 * database (PASSIVE: it never holds up a commit).  Once commits pause it
 * also truncates the WAL, so the -wal file does not keep its peak size.
 */
#ifndef KOPDES_DB_CHECKPOINT_H
#define KOPDES_DB_CHECKPOINT_H

#include "db/db.h"

/*
 * New WAL pages that wake the thread (16 MB).  Each pass syncs the
 * database file beside the commits' syncs of the WAL on the same disk;
 * at SQLite's own 1,000 pages those passes were most of the slowest
 * batches.
 */
#define CHECKPOINT_PAGES 4000

struct checkpointer;

/* NULL on error (logged); the connection then checkpoints as before. */
struct checkpointer	*checkpointer_start(struct db *);
/* Ends the thread and closes its connection; before db_close of its db. */
void			 checkpointer_stop(struct checkpointer *);
/* Checkpoints the thread has run since start (PASSIVE and TRUNCATE). */
long			 checkpointer_runs(struct checkpointer *);

#endif
