/*
 * The yardstick every other figure of make bench is divided by: what
 * SQLite itself does on this disk and CPU, measured in the same run.
 *
 *   commits/s  one-row transactions, WAL, synchronous=FULL: the disk's
 *              durable write rate, which bounds anything that commits;
 *   rows/s     single-row INSERTs inside one transaction: the CPU's rate
 *              for SQLite's simplest statement, which bounds what a
 *              message costs in statements.
 *
 *   bench_reference [dir]     prints "commits_per_s N" and "rows_per_s N"
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#define COMMITS	400
#define ROWS	200000

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
run(sqlite3 *h, const char *sql)
{
	if (sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench_reference: %s: %s\n", sql,
		    sqlite3_errmsg(h));
		return -1;
	}
	return 0;
}

static int
insert_rows(sqlite3 *h, sqlite3_stmt *st, int n, int each_commits)
{
	int i;

	for (i = 0; i < n; i++) {
		if (each_commits && run(h, "BEGIN IMMEDIATE") == -1)
			return -1;
		sqlite3_bind_int(st, 1, i);
		sqlite3_bind_text(st, 2, "+6281300000000", -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) {
			fprintf(stderr, "bench_reference: insert: %s\n",
			    sqlite3_errmsg(h));
			return -1;
		}
		sqlite3_reset(st);
		if (each_commits && run(h, "COMMIT") == -1)
			return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	char path[512];
	const char *dir = argc > 1 ? argv[1] : "/tmp";
	sqlite3 *h;
	sqlite3_stmt *st;
	double t0, commits, rows;

	snprintf(path, sizeof(path), "%s/reference-%ld.db", dir, (long)getpid());
	if (sqlite3_open(path, &h) != SQLITE_OK)
		return 1;
	if (run(h, "PRAGMA journal_mode=WAL") == -1 ||
	    run(h, "PRAGMA synchronous=FULL") == -1 ||
	    run(h, "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER,"
	    " s TEXT)") == -1 ||
	    sqlite3_prepare_v2(h, "INSERT INTO t(n, s) VALUES (?, ?)", -1, &st,
	    NULL) != SQLITE_OK)
		return 1;

	t0 = now_s();
	if (insert_rows(h, st, COMMITS, 1) == -1)
		return 1;
	commits = COMMITS / (now_s() - t0);

	if (run(h, "BEGIN IMMEDIATE") == -1)
		return 1;
	t0 = now_s();
	if (insert_rows(h, st, ROWS, 0) == -1)
		return 1;
	rows = ROWS / (now_s() - t0);
	if (run(h, "COMMIT") == -1)
		return 1;

	sqlite3_finalize(st);
	sqlite3_close(h);
	unlink(path);
	strncat(path, "-wal", sizeof(path) - strlen(path) - 1);
	unlink(path);
	path[strlen(path) - 4] = '\0';
	strncat(path, "-shm", sizeof(path) - strlen(path) - 1);
	unlink(path);
	printf("commits_per_s %.0f\nrows_per_s %.0f\n", commits, rows);
	return 0;
}
