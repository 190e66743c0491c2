/*
 * The ledger's own guarantees (SPEC §4): balanced entries or nothing,
 * reversal as the only correction, and a check that notices when the
 * rows have been tampered with.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tests/support/support.h"

static int64_t
acct(struct fixture *f, const char *code, int64_t member)
{
	int64_t id;

	assert_int_equal(account_id(&f->db, code, member, &id), 1);
	return id;
}

static int
post(struct fixture *f, int64_t member, int64_t debit, int64_t credit,
    char ref[LEDGER_REF_LEN])
{
	struct ledger_line l[2] = {
		{ acct(f, "kas", 0), debit, 0 },
		{ acct(f, "simpanan_sukarela", member), 0, credit },
	};
	struct ledger_entry e = { "setoran", "uji", member, 0, 0, 0, f->now };

	return ledger_post(&f->db, &e, l, 2, NULL, ref);
}

static void
problem_count(const char *p, void *arg)
{
	(void)p;
	(*(int *)arg)++;
}

static void
test_only_balanced_entries_post(void **state)
{
	struct fixture *f = fixture_open();
	int64_t siti = fixture_member(f, "A001", "081300000001", "Siti", "anggota",
	    "2580");
	char ref[LEDGER_REF_LEN];

	(void)state;
	assert_int_equal(post(f, siti, 50000, 50000, ref), 0);
	assert_string_equal(ref, "R000001");
	assert_int_equal(post(f, siti, 50000, 49999, ref), -1);
	assert_int_equal(post(f, siti, 0, 0, ref), -1);
	assert_int_equal(post(f, siti, -5, -5, ref), -1);
	assert_int_equal(fixture_count(f, "journal"), 1);
	assert_int_equal(fixture_count(f, "journal_lines"), 2);
	assert_int_equal(fixture_kas(f), 50000);
	assert_int_equal(fixture_balance(f, "A001", "simpanan_sukarela"), 50000);
	assert_int_equal(fixture_ledger_problems(f), 0);
	fixture_close(f);
}

static void
test_reversal_is_the_only_correction(void **state)
{
	struct fixture *f = fixture_open();
	int64_t siti = fixture_member(f, "A001", "081300000001", "Siti", "anggota",
	    "2580");
	char ref[LEDGER_REF_LEN], rev[LEDGER_REF_LEN];

	(void)state;
	assert_int_equal(post(f, siti, 70000, 70000, ref), 0);
	assert_int_equal(db_begin(&f->db), 0);
	assert_int_equal(ledger_reverse(&f->db, "r000001", "salah catat", f->now,
	    rev), 1);
	assert_int_equal(db_commit(&f->db), 0);
	assert_string_equal(rev, "R000002");
	assert_int_equal(fixture_kas(f), 0);
	assert_int_equal(fixture_balance(f, "A001", "simpanan_sukarela"), 0);
	/* Nothing was deleted: two entries, four lines. */
	assert_int_equal(fixture_count(f, "journal"), 2);
	assert_int_equal(fixture_count(f, "journal_lines"), 4);
	assert_int_equal(ledger_reverse(&f->db, "R000001", "lagi", f->now, rev), -2);
	assert_int_equal(ledger_reverse(&f->db, "R000002", "lagi", f->now, rev), -2);
	assert_int_equal(ledger_reverse(&f->db, "R000999", "x", f->now, rev), 0);
	assert_int_equal(fixture_ledger_problems(f), 0);

	/* Money already withdrawn cannot be reversed out of savings. */
	assert_int_equal(post(f, siti, 30000, 30000, ref), 0);
	assert_int_equal(fixture_sms(f, "081300000001", "SALDO 2580"), 1);
	fixture_member(f, "K001", "081100000001", "Kasir", "kasir", "5303");
	assert_int_equal(fixture_sms(f, "081100000001", "TARIK A001 30000 5303"), 2);
	assert_int_equal(ledger_reverse(&f->db, ref, "x", f->now, rev), -4);
	assert_int_equal(fixture_ledger_problems(f), 0);
	fixture_close(f);
}

static void
test_check_finds_tampering(void **state)
{
	struct fixture *f = fixture_open();
	int64_t siti = fixture_member(f, "A001", "081300000001", "Siti", "anggota",
	    "2580");
	char ref[LEDGER_REF_LEN];
	int problems = 0;

	(void)state;
	assert_int_equal(post(f, siti, 10000, 10000, ref), 0);
	assert_int_equal(db_exec(&f->db, "UPDATE accounts SET balance = 999"
	    " WHERE code = 'kas'"), 0);
	assert_int_equal(ledger_check(&f->db, problem_count, &problems), 1);
	assert_int_equal(db_exec(&f->db, "UPDATE accounts SET balance = 10000"
	    " WHERE code = 'kas'"), 0);
	assert_int_equal(fixture_ledger_problems(f), 0);
	assert_int_equal(db_exec(&f->db, "UPDATE journal_lines SET credit = 9000"
	    " WHERE credit = 10000"), 0);
	problems = 0;
	/* Unbalanced entry, unbalanced books, and a balance off its lines. */
	assert_int_equal(ledger_check(&f->db, problem_count, &problems), 3);
	fixture_close(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_only_balanced_entries_post),
		cmocka_unit_test(test_reversal_is_the_only_correction),
		cmocka_unit_test(test_check_finds_tampering),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
