/*
 * Trust under faults: a burst of deposits through the real daemon loop
 * (real dummy phone, real SQLite file), with one statement, a run of
 * statements or one COMMIT failing, at every point of the burst in turn.
 * After each run every SMS is stored once and answered once, no reply
 * left the modem twice, the balances are exact and the books check.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "gateway/daemon.h"
#include "tests/support/support.h"

#define KASIR	"081100000001"
#define BURST	12
#define MEMBERS	4

struct run {
	struct fixture	*f;
	struct config	 cfg;
	int64_t		 expected;	/* rupiah the burst deposits */
	long		 hits;		/* faults injected */
	long		 steps, commits;	/* counted until the burst settled */
	long		 episodes[3];	/* results, store, process: retried */
};

/* Which of the loop's three writes had to be tried again, over a sweep. */
static long retried[3];

static void
run_setup(struct run *r)
{
	char path[400], text[64], err[256];
	int i;

	memset(r, 0, sizeof(*r));
	r->f = fixture_open();
	snprintf(path, sizeof(path), "%s/kopdes.key", r->f->dir);
	assert_int_equal(pin_key_load(path, &r->f->key, 1), 0);
	fixture_member(r->f, "K001", KASIR, "Sri Kasir", "kasir", "9911");
	for (i = 1; i <= MEMBERS; i++) {
		char number[16], phone[24], name[24];

		snprintf(number, sizeof(number), "A%03d", i);
		snprintf(phone, sizeof(phone), "0813000000%02d", i);
		snprintf(name, sizeof(name), "Anggota %d", i);
		fixture_member(r->f, number, phone, name, "anggota", NULL);
	}
	fixture_daemon_config(r->f, &r->cfg, path);
	r->cfg.outbox_max_tries = 5;
	for (i = 1; i <= BURST; i++) {
		int64_t amount = 1000 + i;	/* unique: no two SMS are copies */

		snprintf(text, sizeof(text), "SIMPAN A%03d %lld 9911",
		    (i - 1) % MEMBERS + 1, (long long)amount);
		assert_int_equal(dummy_inject(r->cfg.modems[0].device,
		    "+6281100000001", text, r->f->now, err, sizeof(err)), 0);
		r->expected += amount;
	}
}

static int
settled(struct run *r, struct daemon *d)
{
	struct fixture *f = r->f;

	return sender_unrecorded(d) == 0 &&
	    fixture_int64(f, "SELECT count(*) FROM inbox") == BURST &&
	    fixture_int64(f, "SELECT count(*) FROM inbox WHERE state = 'baru'") == 0 &&
	    fixture_int64(f, "SELECT count(*) FROM outbox WHERE state = 'antri'") == 0;
}

static void
fast_retries(struct retry *rt)
{
	/* The pauses still double; they are only shorter, for the sweep. */
	rt->first_ms = rt->pause_ms = 2;
	rt->max_ms = 16;
}

/* Runs the loop until the burst settled; fails the test after 20 s. */
static void
run_loop(struct run *r, enum db_fault kind, long nth, long n)
{
	struct daemon *d;
	time_t deadline = time(NULL) + 20;

	assert_non_null(d = daemon_open(&r->cfg, "test"));
	fast_retries(&d->rt_results);
	fast_retries(&d->rt_store);
	fast_retries(&d->rt_process);
	db_fault_arm(kind, nth, n);
	while (!settled(r, d)) {
		if (time(NULL) > deadline) {
			db_fault_arm(kind, 0, 0);
			fail_msg("fault %ld+%ld: burst not settled in 20 s", nth, n);
		}
		event_base_loop(d->base, EVLOOP_ONCE);
	}
	r->hits = db_fault_hits();
	r->steps = db_fault_seen(DB_FAULT_STEP);
	r->commits = db_fault_seen(DB_FAULT_COMMIT);
	r->episodes[0] = d->rt_results.episodes;
	r->episodes[1] = d->rt_store.episodes;
	r->episodes[2] = d->rt_process.episodes;
	if (nth != LONG_MAX)
		db_fault_arm(kind, 0, 0);
	/* The modem's own count of SMS it sent, as kopdesctl status shows it. */
	modems_save_status(d);
	daemon_close(d);
}

static void
run_check(struct run *r, long nth)
{
	struct fixture *f = r->f;
	int64_t rows = fixture_int64(f, "SELECT count(*) FROM outbox");

	(void)nth;
	assert_int_equal(fixture_int64(f, "SELECT count(*) FROM inbox WHERE state ="
	    " 'selesai'"), BURST);
	assert_int_equal(fixture_int64(f, "SELECT count(*) FROM (SELECT i.id FROM inbox i"
	    " JOIN outbox o ON o.inbox_id = i.id AND o.priority = 0"
	    " GROUP BY i.id HAVING count(*) = 1)"), BURST);
	assert_int_equal(fixture_int64(f, "SELECT count(*) FROM outbox WHERE priority = 0"),
	    BURST);
	assert_int_equal(fixture_int64(f, "SELECT count(*) FROM journal WHERE kind ="
	    " 'setoran'"), BURST);
	assert_int_equal(fixture_int64(f, "SELECT sum(balance) FROM accounts WHERE code ="
	    " 'simpanan_sukarela'"), r->expected);
	assert_int_equal(fixture_kas(f), r->expected);
	assert_int_equal(fixture_int64(f, "SELECT count(*) FROM outbox WHERE state <>"
	    " 'terkirim'"), 0);
	/* What the modem sent, against the rows: no row went out twice. */
	assert_int_equal(fixture_int64(f, "SELECT sent FROM modems"), rows);
	assert_int_equal(fixture_ledger_problems(f), 0);
}

/* What one clean run counts, to spread the faults over. */
static long clean_steps, clean_commits;

static int
count_clean_run(void **state)
{
	struct run r;

	(void)state;
	run_setup(&r);
	run_loop(&r, DB_FAULT_STEP, LONG_MAX, 1);
	clean_steps = r.steps;
	clean_commits = r.commits;
	db_fault_arm(DB_FAULT_STEP, 0, 0);
	run_check(&r, 0);
	fixture_close(r.f);
	return clean_steps > 0 && clean_commits > 0 ? 0 : -1;
}

static void
sweep(enum db_fault kind, long total, long stride, long n)
{
	struct run r;
	long nth, runs = 0, hit = 0;
	int i;

	for (nth = 1; nth <= total; nth += stride) {
		run_setup(&r);
		run_loop(&r, kind, nth, n);
		runs++;
		hit += r.hits > 0;
		for (i = 0; i < 3; i++)
			retried[i] += r.episodes[i];
		run_check(&r, nth);
		fixture_close(r.f);
		/* The first step or commit of a burst is always there to fail. */
		if (nth == 1 && r.hits == 0)
			fail_msg("fault 1+%ld of %ld never hit", n, total);
	}
	/*
	 * How results are batched depends on timing, so a loaded machine
	 * makes fewer, larger commits than the clean run and the tail of the
	 * sweep may find nothing to fail; most of it must.
	 */
	if (hit * 3 < runs)
		fail_msg("faults hit in only %ld of %ld runs", hit, runs);
}

/* Every COMMIT of the burst in turn fails once. */
static void
test_each_commit_fails_once(void **state)
{
	(void)state;
	sweep(DB_FAULT_COMMIT, clean_commits, 1, 1);
}

/* Statements across the burst fail, one at a time. */
static void
test_statements_fail_across_the_burst(void **state)
{
	(void)state;
	sweep(DB_FAULT_STEP, clean_steps, clean_steps / 10 + 1, 1);
}

/* A full disk for a while: many statements in a row fail, then all is well. */
static void
test_disk_full_for_a_while(void **state)
{
	(void)state;
	sweep(DB_FAULT_STEP, clean_steps, clean_steps / 3 + 1, 30);
	/*
	 * Over the three sweeps each of the loop's writes failed in some run
	 * and was retried (which commit is whose depends on batching, so a
	 * single sweep may miss one).
	 */
	assert_true(retried[0] > 0);
	assert_true(retried[1] > 0);
	assert_true(retried[2] > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_commit_fails_once),
		cmocka_unit_test(test_statements_fail_across_the_burst),
		cmocka_unit_test(test_disk_full_for_a_while),
	};

	log_init(0, LOG_LEVEL_WARNING, "test_faults");
	return cmocka_run_group_tests(tests, count_clean_run, NULL);
}
