/*
 * A modem's batch is stored and answered in one commit, through the real
 * daemon loop (real dummy phone, real SQLite file): no commit ever leaves
 * a received SMS stored but unanswered.  A batch whose handling keeps
 * failing is still taken off the modem and stored, on its own, to be
 * answered once handling works again.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "gateway/daemon.h"
#include "tests/support/support.h"

#define BURST	8

struct run {
	struct fixture	*f;
	struct config	 cfg;
	int64_t		 expected;	/* rupiah the burst deposits */
	long		 commits;	/* seen by the commit hook */
	int64_t		 unanswered;	/* most rows 'baru' before a commit */
};

/*
 * Before each of the daemon's commits, what the last one left, read on
 * the test's own connection: a row stored and not yet handled means the
 * store was committed apart from its handling.
 */
static int
before_commit(void *arg)
{
	struct run *r = arg;
	int64_t n = fixture_int64(r->f, "SELECT count(*) FROM inbox WHERE state = 'baru'");

	r->commits++;
	if (n > r->unanswered)
		r->unanswered = n;
	return 0;
}

static void
run_setup(struct run *r)
{
	char path[400], text[64], err[256];
	int i;

	memset(r, 0, sizeof(*r));
	r->f = fixture_open();
	snprintf(path, sizeof(path), "%s/kopdes.key", r->f->dir);
	assert_int_equal(pin_key_load(path, &r->f->key, 1), 0);
	fixture_member(r->f, "K001", "081100000001", "Sri Kasir", "kasir", "9911");
	fixture_member(r->f, "A001", "081300000001", "Anggota", "anggota", NULL);
	fixture_daemon_config(r->f, &r->cfg, path);
	for (i = 1; i <= BURST; i++) {
		int64_t amount = 1000 + i;	/* unique: no two SMS are copies */

		snprintf(text, sizeof(text), "SIMPAN A001 %lld 9911",
		    (long long)amount);
		assert_int_equal(dummy_inject(r->cfg.modems[0].device,
		    "+6281100000001", text, r->f->now, err, sizeof(err)), 0);
		r->expected += amount;
	}
}

static void
fast_retries(struct retry *rt)
{
	rt->first_ms = rt->pause_ms = 2;
	rt->max_ms = 16;
}

static struct daemon *
daemon_start(struct run *r)
{
	struct daemon *d;

	assert_non_null(d = daemon_open(&r->cfg, "test"));
	fast_retries(&d->rt_store);
	fast_retries(&d->rt_process);
	sqlite3_commit_hook(d->db.h, before_commit, r);
	return d;
}

/* Runs the loop until sql counts want; fails the test after 20 s. */
static void
loop_until(struct run *r, struct daemon *d, const char *sql, int64_t want)
{
	time_t deadline = time(NULL) + 20;

	while (fixture_int64(r->f, sql) != want) {
		if (time(NULL) > deadline)
			fail_msg("not reached in 20 s: %s", sql);
		event_base_loop(d->base, EVLOOP_ONCE);
	}
}

static void
check_answered(struct run *r)
{
	struct fixture *f = r->f;

	assert_int_equal(fixture_int64(f, "SELECT count(*) FROM inbox"), BURST);
	assert_int_equal(fixture_int64(f, "SELECT count(*) FROM (SELECT i.id FROM inbox i"
	    " JOIN outbox o ON o.inbox_id = i.id AND o.priority = 0"
	    " WHERE i.state = 'selesai' GROUP BY i.id HAVING count(*) = 1)"),
	    BURST);
	assert_int_equal(fixture_int64(f, "SELECT count(*) FROM outbox WHERE priority = 0"),
	    BURST);
	assert_int_equal(fixture_balance(f, "A001", "simpanan_sukarela"),
	    r->expected);
	assert_int_equal(fixture_ledger_problems(f), 0);
}

static void
test_batch_stored_and_answered_in_one_commit(void **state)
{
	struct run r;
	struct daemon *d;

	(void)state;
	run_setup(&r);
	d = daemon_start(&r);
	loop_until(&r, d, "SELECT count(*) FROM outbox WHERE priority = 0"
	    " AND state = 'terkirim'", BURST);
	sqlite3_commit_hook(d->db.h, NULL, NULL);
	daemon_close(d);
	assert_true(r.commits > 0);
	assert_int_equal(r.unanswered, 0);
	check_answered(&r);
	fixture_close(r.f);
}

static void
test_failing_handling_still_stores(void **state)
{
	struct run r;
	struct daemon *d;

	(void)state;
	run_setup(&r);
	/* Every handling marks its row, done or failed; storing only inserts. */
	assert_int_equal(db_exec(&r.f->db, "CREATE TRIGGER block BEFORE UPDATE"
	    " OF state ON inbox BEGIN SELECT RAISE(ABORT, 'blocked'); END"), 0);
	d = daemon_start(&r);
	loop_until(&r, d, "SELECT count(*) FROM inbox", BURST);
	assert_int_equal(fixture_int64(r.f, "SELECT count(*) FROM inbox WHERE state ="
	    " 'baru'"), BURST);
	assert_int_equal(fixture_int64(r.f, "SELECT count(*) FROM outbox"), 0);
	assert_int_equal(db_exec(&r.f->db, "DROP TRIGGER block"), 0);
	loop_until(&r, d, "SELECT count(*) FROM outbox WHERE priority = 0"
	    " AND state = 'terkirim'", BURST);
	sqlite3_commit_hook(d->db.h, NULL, NULL);
	daemon_close(d);
	check_answered(&r);
	fixture_close(r.f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_batch_stored_and_answered_in_one_commit),
		cmocka_unit_test(test_failing_handling_still_stores),
	};

	log_init(0, LOG_LEVEL_ERROR, "test_onecommit");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
