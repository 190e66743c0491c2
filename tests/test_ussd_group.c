/*
 * Command hops run together (gateway/ussd.c): members ending their USSD
 * sessions at once share one transaction and one commit, and a group
 * that cannot commit, or loses its transaction half way, is run again a
 * hop a transaction, so each hop still gets its own answer and each
 * deposit is announced exactly once.  Real SQLite file; the faults are
 * the injected full disk of db/db.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "gateway/ussd.h"
#include "tests/support/support.h"

#define HOPS	5

static const char *const phones[HOPS] = {
	"+6281300000001", "+6281300000002", "+6281300000003", "+6281300000004",
	"+6281300000005"
};

static struct fixture *
setup(void)
{
	struct fixture *f = fixture_open();
	char number[16], name[32];
	int i;

	fixture_member(f, "K001", "+6281100000003", "Agus", "kasir", "5303");
	for (i = 0; i < HOPS; i++) {
		snprintf(number, sizeof(number), "A%03d", i + 1);
		snprintf(name, sizeof(name), "Anggota %d", i + 1);
		fixture_member(f, number, phones[i], name, "anggota", "2468");
	}
	return f;
}

/* Member i's final hop: a deposit of Rp (i + 1).000, session "s<i><tag>". */
static struct ussd_command *
final_hop(struct fixture *f, int i, const char *tag)
{
	struct ussd_request rq;
	struct ussd_answer a;
	struct ussd_command *c = NULL;
	char session[32], text[48];

	snprintf(session, sizeof(session), "s%d%s", i, tag);
	snprintf(text, sizeof(text), "5*%d000*1*2468", i + 1);
	memset(&rq, 0, sizeof(rq));
	rq.session_id = session;
	rq.service_code = "*384*1234#";
	rq.phone = phones[i];
	rq.network = "51010";
	rq.text = text;
	assert_int_equal(ussd_hop_start(&f->env, &rq, &a, &c), USSD_OK);
	assert_non_null(c);
	return c;
}

/* Every hop answered with its own amount, and one deposit each. */
static void
check(struct fixture *f, struct ussd_command **c, int n)
{
	char want[64];
	int i;

	for (i = 0; i < n; i++) {
		assert_int_equal(c[i]->result, USSD_OK);
		assert_true(c[i]->answer.end);
		snprintf(want, sizeof(want), "Setoran Rp%d.000 simpanan sukarela"
		    " dicatat, kode S", i % HOPS + 1);
		if (strstr(c[i]->answer.screen, want) != c[i]->answer.screen)
			fail_msg("hop %d answered [%s]", i, c[i]->answer.screen);
	}
	assert_int_equal(fixture_count(f, "pending_deposits"), HOPS);
	assert_int_equal(fixture_count(f, "ussd_sessions"), HOPS);
}

static void
run_group(struct fixture *f, struct ussd_command **c, int n, const char *tag)
{
	int i;

	for (i = 0; i < n; i++)
		c[i] = final_hop(f, i % HOPS, tag);
}

static void
free_group(struct ussd_command **c, int n)
{
	int i;

	for (i = 0; i < n; i++)
		ussd_command_free(c[i]);
}

static void
test_one_commit(void **state)
{
	struct fixture *f = setup();
	struct ussd_command *c[HOPS];

	(void)state;
	run_group(f, c, HOPS, "");
	assert_int_equal(ussd_commands_run(&f->env, c, HOPS), 1);
	check(f, c, HOPS);
	/* Different sessions, different codes. */
	assert_string_not_equal(c[0]->answer.screen, c[1]->answer.screen);
	free_group(c, HOPS);
	fixture_close(f);
}

/* A hop and its repeat in the same group: one deposit, the same screen. */
static void
test_repeat_in_group(void **state)
{
	struct fixture *f = setup();
	struct ussd_command *c[2 * HOPS];
	int i;

	(void)state;
	run_group(f, c, 2 * HOPS, "");
	assert_int_equal(ussd_commands_run(&f->env, c, 2 * HOPS), 1);
	check(f, c, 2 * HOPS);
	for (i = 0; i < HOPS; i++)
		assert_string_equal(c[i]->answer.screen, c[i + HOPS]->answer.screen);
	assert_int_equal(fixture_count(f, "inbox"), HOPS);
	free_group(c, 2 * HOPS);
	fixture_close(f);
}

/*
 * A dry run among real hops: it is answered as if done and leaves
 * nothing, the others are kept, all in the one commit.
 */
static void
test_dry_run_in_group(void **state)
{
	struct fixture *f = setup();
	struct ussd_command *c[HOPS];
	int i;

	(void)state;
	run_group(f, c, HOPS, "");
	c[2]->rq.dry_run = 1;
	assert_int_equal(ussd_commands_run(&f->env, c, HOPS), 1);
	for (i = 0; i < HOPS; i++) {
		assert_int_equal(c[i]->result, USSD_OK);
		assert_non_null(strstr(c[i]->answer.screen, "dicatat"));
	}
	assert_int_equal(fixture_count(f, "pending_deposits"), HOPS - 1);
	assert_int_equal(fixture_count(f, "inbox"), HOPS - 1);
	assert_int_equal(fixture_count(f, "ussd_sessions"), HOPS - 1);
	free_group(c, HOPS);
	fixture_close(f);
}

/* The group's COMMIT fails: every hop is run again alone, posted once. */
static void
test_commit_fails(void **state)
{
	struct fixture *f = setup();
	struct ussd_command *c[HOPS];

	(void)state;
	run_group(f, c, HOPS, "");
	db_fault_arm(DB_FAULT_COMMIT, 1, 1);
	assert_int_equal(ussd_commands_run(&f->env, c, HOPS), HOPS);
	assert_int_equal(db_fault_hits(), 1);
	db_fault_arm(DB_FAULT_COMMIT, 0, 0);
	check(f, c, HOPS);
	assert_int_equal(fixture_count(f, "inbox"), HOPS);
	free_group(c, HOPS);
	fixture_close(f);
}

/*
 * Every statement of the group in turn fails once, as a full disk would
 * make it: the transaction is gone, so nothing of it may stay, and each
 * hop run again alone gets the answer it would have had.  Only a group
 * that could not begin is not run again (a database held by another
 * program would only make each hop wait as long): all are told so, and
 * nothing is stored.
 */
static void
test_each_step_fails(void **state)
{
	struct fixture *f = setup();
	struct ussd_command *c[HOPS];
	long steps, nth;
	int i;

	(void)state;
	run_group(f, c, HOPS, "");
	db_fault_arm(DB_FAULT_STEP, 1L << 40, 1);
	assert_int_equal(ussd_commands_run(&f->env, c, HOPS), 1);
	steps = db_fault_seen(DB_FAULT_STEP);
	db_fault_arm(DB_FAULT_STEP, 0, 0);
	free_group(c, HOPS);
	fixture_close(f);
	/* Without savepoints a deposit hop is about seven statements. */
	assert_true(steps > 5 * HOPS);
	for (nth = 1; nth <= steps; nth++) {
		f = setup();
		run_group(f, c, HOPS, "");
		db_fault_arm(DB_FAULT_STEP, nth, 1);
		ussd_commands_run(&f->env, c, HOPS);
		assert_int_equal(db_fault_hits(), 1);
		db_fault_arm(DB_FAULT_STEP, 0, 0);
		if (nth == 1) {
			for (i = 0; i < HOPS; i++)
				assert_int_equal(c[i]->result, USSD_ERROR);
			assert_int_equal(fixture_count(f, "inbox"), 0);
			assert_int_equal(fixture_count(f, "pending_deposits"), 0);
		} else {
			check(f, c, HOPS);
			assert_int_equal(fixture_count(f, "inbox"), HOPS);
		}
		assert_int_equal(fixture_ledger_problems(f), 0);
		free_group(c, HOPS);
		fixture_close(f);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_commit),
		cmocka_unit_test(test_repeat_in_group),
		cmocka_unit_test(test_dry_run_in_group),
		cmocka_unit_test(test_commit_fails),
		cmocka_unit_test(test_each_step_fails),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
