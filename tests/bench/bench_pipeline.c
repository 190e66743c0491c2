/*
 * Pipeline throughput (SPEC §9): SMS per second from stored inbox rows to
 * committed replies, with durable commits (synchronous=FULL), and the
 * latency of each message from its arrival in the inbox to the commit of
 * its reply.  Messages arrive in chunks, as modems hand them over; each
 * chunk is stored and handled in one transaction, as kopdesd does
 * (BENCH_TWOSTEP=1: stored in one and handled in another, for comparison).
 *
 *   bench_pipeline [messages] [chunk] [history]
 *
 * history: rows each of inbox, outbox and journal (two lines an entry)
 * put in before the run, as months of use would leave them.  With
 * BENCH_COMMITS and BENCH_ROWS (bench_reference's figures from the same
 * run) each rate is also printed as a ratio to them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>

#include "tests/support/support.h"

#define MEMBERS 10000

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/*
 * Written by SQL straight into the schema, far faster than through the
 * handlers; the ledger stays balanced and the accounts agree with their
 * lines, so the run's ledger check still means something.
 */
static void
add_history(struct fixture *f, long rows)
{
#define SERIES "WITH RECURSIVE s(value) AS (SELECT 1 UNION ALL" \
	" SELECT value + 1 FROM s WHERE value < ?2) "
	static const char *const sql[] = {
		SERIES "INSERT INTO inbox(id, modem, sender, smsc_time, received_at,"
		" text, dedupe, state, command, processed_at)"
		" SELECT value, 'lama', printf('+62813%08d', abs(random()) % 10000),"
		" ?1 - 9000000 + value * 8, ?1 - 9000000 + value * 8,"
		" 'SALDO ****', randomblob(16), 'selesai', 'SALDO',"
		" ?1 - 9000000 + value * 8 FROM s",
		"INSERT INTO outbox(inbox_id, phone, text, priority, state, modem,"
		" parts, tries, next_try_at, created_at, sent_at)"
		" SELECT id, sender, 'Saldo Anda: pokok Rp100.000, wajib Rp50.000',"
		" 1, 'terkirim', 'lama', 1, 1, received_at, received_at,"
		" received_at FROM inbox WHERE id <= ?2",
		SERIES "INSERT INTO journal(id, ref, kind, memo, member_id, inbox_id,"
		" created_at) SELECT value, printf('R%06d', value), 'simpan',"
		" 'sukarela', NULL, value, ?1 - 9000000 + value * 8"
		" FROM s",
		"INSERT INTO journal_lines(journal_id, account_id, debit, credit)"
		" SELECT id, (SELECT id FROM accounts WHERE code = 'kas'"
		" AND member_id IS NULL), 10000, 0 FROM journal WHERE id <= ?2",
		"INSERT INTO journal_lines(journal_id, account_id, debit, credit)"
		" SELECT j.id, (SELECT a.id FROM accounts a JOIN members m"
		" ON m.id = a.member_id WHERE a.code = 'simpanan_sukarela'"
		" AND m.number = printf('A%05d', 1 + (j.id * 7919) % 10000)),"
		" 0, 10000 FROM journal j WHERE j.id <= ?2",
		/* One pass over the lines: they have no index by account. */
		"UPDATE accounts SET balance = s.total FROM (SELECT l.account_id"
		" AS id, sum(CASE a.normal WHEN 'D' THEN l.debit - l.credit"
		" ELSE l.credit - l.debit END) AS total FROM journal_lines l"
		" JOIN accounts a ON a.id = l.account_id GROUP BY l.account_id) s"
		" WHERE s.id = accounts.id",
	};
	sqlite3_stmt *st;
	size_t i;

	/* A big cache only while building; the run itself keeps the default. */
	db_exec(&f->db, "PRAGMA cache_size=-262144");
	db_begin(&f->db);
	for (i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		if (sqlite3_prepare_v2(f->db.h, sql[i], -1, &st, NULL) != SQLITE_OK)
			goto fail;
		sqlite3_bind_int64(st, 1, (sqlite3_int64)f->now);
		sqlite3_bind_int64(st, 2, rows);
		if (sqlite3_step(st) != SQLITE_DONE) {
			sqlite3_finalize(st);
			goto fail;
		}
		sqlite3_finalize(st);
	}
	/* History is months old: long since checkpointed into the file. */
	if (db_commit(&f->db) == 0 &&
	    db_exec(&f->db, "PRAGMA wal_checkpoint(TRUNCATE)") == 0 &&
	    db_exec(&f->db, "PRAGMA cache_size=-2000") == 0)
		return;
fail:
	fprintf(stderr, "bench_pipeline: history: %s\n", sqlite3_errmsg(f->db.h));
	exit(1);
}

/*
 * The same rate against bench_reference's: times the disk's durable
 * commits, and the CPU time of a message in SQLite's simplest
 * statements (the ceiling for a message of that many statements).
 */
static void
ratios(double rate)
{
	const char *c = getenv("BENCH_COMMITS"), *r = getenv("BENCH_ROWS");

	if (c != NULL && atof(c) > 0)
		printf("    = %.2f x SQLite's durable commits (%.0f/s, same run;"
		    " target: at least 5 x)\n", rate / atof(c), atof(c));
	if (r != NULL && atof(r) > 0)
		printf("    = one SMS in the time of %.0f single-row inserts"
		    " (%.0f/s, same run)\n", atof(r) / rate, atof(r));
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
message_for(int i, char *from, size_t flen, char *text, size_t tlen)
{
	int member = (i * 7919) % MEMBERS;

	switch (i % 10) {
	case 0: case 1: case 2: case 3:
		snprintf(from, flen, "+62813%08d", member);
		snprintf(text, tlen, "SALDO %04d", 1000 + member % 9000);
		break;
	case 4: case 5: case 6:
		snprintf(from, flen, "+6281100000001");
		snprintf(text, tlen, "SIMPAN A%05d %drb 9911", member + 1,
		    10 + i % 90);
		break;
	case 7: case 8:
		snprintf(from, flen, "+62857%08d", i);
		snprintf(text, tlen, "HARGA %s", i % 2 ? "BERAS" : "gula");
		break;
	default:
		snprintf(from, flen, "+62813%08d", member);
		snprintf(text, tlen, "TAGIHAN %04d", 1000 + member % 9000);
		break;
	}
}

int
main(int argc, char **argv)
{
	int total = argc > 1 ? atoi(argv[1]) : 30000;
	int chunk = argc > 2 ? atoi(argv[2]) : 50;
	long history = argc > 3 ? atol(argv[3]) : 0;
	struct fixture *f;
	struct received_sms *r;
	char (*from)[24], (*text)[64], num[16], phone[24], pin[8];
	double *lat, t0, t1, start, store_ms = 0, proc_ms = 0, hist_ms = 0;
	int i, j, done = 0, n;
	/* BENCH_TWOSTEP=1: a commit to store a chunk and another to handle it. */
	int twostep = getenv("BENCH_TWOSTEP") != NULL &&
	    atoi(getenv("BENCH_TWOSTEP")) != 0;
	char wal[320];
	struct stat sb;

	/*
	 * At log.level "warning", as the USSD and Kannel benches run kopdesd:
	 * a line per SMS is the operator's choice, and kopdesd writes it from
	 * a thread of its own to syslog, not to a terminal in the loop.
	 */
	log_init(0, LOG_LEVEL_WARNING, "bench_pipeline");
	f = fixture_open();
	r = calloc((size_t)chunk, sizeof(*r));
	from = calloc((size_t)chunk, sizeof(*from));
	text = calloc((size_t)chunk, sizeof(*text));
	lat = calloc((size_t)total, sizeof(*lat));
	if (r == NULL || from == NULL || text == NULL || lat == NULL)
		return 1;

	db_begin(&f->db);
	fixture_member(f, "K001", "+6281100000001", "Kasir Bench", "kasir", "9911");
	fixture_member(f, "B001", "+6281100000002", "Bendahara Bench",
	    "bendahara", "9922");
	for (i = 0; i < MEMBERS; i++) {
		snprintf(num, sizeof(num), "A%05d", i + 1);
		snprintf(phone, sizeof(phone), "+62813%08d", i);
		snprintf(pin, sizeof(pin), "%04d", 1000 + i % 9000);
		fixture_member(f, num, phone, "Anggota Bench", "anggota", pin);
	}
	price_set(&f->db, "Beras Premium", 14500, "kg", 0, f->now);
	price_set(&f->db, "Gula Pasir", 17000, "kg", 0, f->now);
	db_commit(&f->db);
	if (history > 0) {
		t0 = now_ms();
		add_history(f, history);
		hist_ms = now_ms() - t0;
	}

	/* As kopdesd runs: WAL checkpoints on their own thread (BENCH_CKPT=0: in the commits). */
	if ((getenv("BENCH_CKPT") == NULL || atoi(getenv("BENCH_CKPT")) != 0) &&
	    fixture_checkpointer(f) == -1)
		return 1;
	start = now_ms();
	while (done < total) {
		n = total - done < chunk ? total - done : chunk;
		for (j = 0; j < n; j++) {
			message_for(done + j, from[j], sizeof(from[j]), text[j],
			    sizeof(text[j]));
			r[j].modem = "bench";
			r[j].sender = from[j];
			r[j].smsc_time = f->now + done + j;
			r[j].text = text[j];
		}
		t0 = now_ms();
		f->env.now = f->now;
		if (!twostep) {
			if (pipeline_store_and_process(&f->env, &f->key, r,
			    (size_t)n, n) != n)
				return 1;
			t1 = now_ms();
			proc_ms += t1 - t0;
		} else {
			if (pipeline_store(&f->db, &f->key, r, (size_t)n,
			    f->now) == -1)
				return 1;
			t1 = now_ms();
			store_ms += t1 - t0;
			if (pipeline_process(&f->env, n) != n)
				return 1;
			proc_ms += now_ms() - t1;
		}
		for (j = 0; j < n; j++)
			lat[done + j] = now_ms() - t0;
		done += n;
	}
	t1 = now_ms() - start;
	snprintf(wal, sizeof(wal), "%s-wal", f->dbpath);
	qsort(lat, (size_t)total, sizeof(*lat), cmp_double);
	printf("pipeline: %d SMS in chunks of %d, %d members", total, chunk,
	    MEMBERS);
	if (history > 0)
		printf(", %ld rows of history each in inbox, outbox and journal"
		    " (made in %.1f s)", history, hist_ms / 1e3);
	printf("\n  handled:   %.0f SMS/s (%s to committed replies)\n",
	    total / (proc_ms / 1e3), twostep ? "inbox rows" :
	    "arrived SMS stored and handled");
	printf("  end to end: %.0f SMS/s (store + handle, %s durable commit%s"
	    " a chunk)\n", total / (t1 / 1e3), twostep ? "two" : "one",
	    twostep ? "s" : "");
	ratios(total / (t1 / 1e3));
	printf("  latency from arrival to committed reply: p50 %.2f ms,"
	    " p99 %.2f ms\n", lat[total / 2], lat[(size_t)(total * 0.99)]);
	printf("  outbox rows: %lld, ledger problems: %d\n",
	    (long long)fixture_count(f, "outbox"), fixture_ledger_problems(f));
	if (stat(wal, &sb) == 0)
		printf("  WAL file at the end: %.1f MB\n", sb.st_size / 1048576.0);
	(void)store_ms;
	fixture_close(f);
	free(r);
	free(from);
	free(text);
	free(lat);
	return 0;
}
