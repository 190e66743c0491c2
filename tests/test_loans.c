/*
 * Loans through the SMS path (SPEC §3, §4): applying within the limits,
 * the board's decision, the schedule, repayment order, bills, penalties
 * and reminders, with the books checked after every money step.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tests/support/support.h"

#define SITI	"081300000001"
#define KASIR	"081100000001"
#define BENDA	"081100000002"
#define KETUA	"081100000003"

static int
setup(void **state)
{
	struct fixture *f = fixture_open();

	fixture_member(f, "A017", SITI, "Siti Aminah", "anggota", "2580");
	fixture_member(f, "K001", KASIR, "Agus Salim", "kasir", "5303");
	fixture_member(f, "B001", BENDA, "Dewi Lestari", "bendahara", "5202");
	fixture_member(f, "A001", KETUA, "Haji Sutrisno", "ketua", "5101");
	/* Siti's savings: Rp500.000, so she may borrow up to Rp1.500.000. */
	assert_int_equal(fixture_sms(f, KASIR, "SIMPAN A017 500rb 5303"), 3);
	assert_int_equal(fixture_sms(f, KASIR, "SIMPAN A001 2jt 5303"), 3);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	fixture_close(*state);
	return 0;
}

static int64_t
one(struct fixture *f, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = -1;

	assert_int_equal(sqlite3_prepare_v2(f->db.h, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void
test_schedule_arithmetic(void **state)
{
	struct instalment in[24];

	(void)state;
	/* SPEC §8's worked example, to the rupiah. */
	assert_int_equal(loan_schedule(1000000, 10, 150, "2026-11-23", in), 0);
	for (int i = 0; i < 10; i++) {
		assert_int_equal(in[i].principal, 100000);
		assert_int_equal(in[i].interest, 15000);
	}
	assert_string_equal(in[0].due_on, "2026-12-23");
	assert_string_equal(in[9].due_on, "2027-09-23");
	/* Remainders in the last; the disbursement day kept and clamped. */
	assert_int_equal(loan_schedule(1000000, 3, 150, "2026-01-31", in), 0);
	assert_int_equal(in[0].principal, 333333);
	assert_int_equal(in[2].principal, 333334);
	assert_int_equal(in[0].interest + in[1].interest + in[2].interest, 45000);
	assert_string_equal(in[0].due_on, "2026-02-28");
	assert_string_equal(in[1].due_on, "2026-03-31");
	assert_string_equal(in[2].due_on, "2026-04-30");
	assert_int_equal(loan_schedule(1000000000000LL, 24, 10000, "2028-01-31", in), 0);
	assert_string_equal(in[0].due_on, "2028-02-29");
	{
		int64_t p = 0, i = 0;

		for (int k = 0; k < 24; k++) {
			p += in[k].principal;
			i += in[k].interest;
		}
		assert_int_equal(p, 1000000000000LL);
		assert_int_equal(i, 24000000000000LL);
	}
	/* A penalty per day late on the instalment, less what was paid. */
	in[0].principal = 100000;
	in[0].interest = 15000;
	in[0].paid_principal = in[0].paid_interest = in[0].paid_penalty = 0;
	snprintf(in[0].due_on, sizeof(in[0].due_on), "2026-12-23");
	assert_int_equal(instalment_penalty(&in[0], "2026-12-23", 10), 0);
	assert_int_equal(instalment_penalty(&in[0], "2026-12-28", 10), 575);
	in[0].paid_penalty = 500;
	assert_int_equal(instalment_penalty(&in[0], "2026-12-28", 10), 75);
}

static void
test_application_limits(void **state)
{
	struct fixture *f = *state;

	fixture_sms(f, SITI, "PINJAM 2jt 10 2580");
	assert_non_null(strstr(f->sms[0].text, "3x simpanan: Rp1.500.000"));
	fixture_sms(f, SITI, "PINJAM 11jt 10 2580");
	assert_non_null(strstr(f->sms[0].text, "paling besar Rp10.000.000"));
	fixture_sms(f, SITI, "PINJAM 1jt 25 2580");
	assert_non_null(strstr(f->sms[0].text, "1-24 bulan"));
	assert_int_equal(fixture_count(f, "loans"), 0);

	assert_int_equal(fixture_sms(f, SITI, "PINJAM 1jt 10 2580"), 3);
	assert_non_null(strstr(fixture_sms_to(f, SITI), "P0001"));
	assert_non_null(strstr(fixture_sms_to(f, SITI), "Rp115.000/bln"));
	assert_non_null(strstr(fixture_sms_to(f, KETUA), "SETUJU P0001 PIN"));
	assert_non_null(strstr(fixture_sms_to(f, BENDA), "Simpanan Rp500.000"));
	assert_null(fixture_sms_to(f, KASIR));
	fixture_sms(f, SITI, "PINJAM 500rb 5 2580");
	assert_non_null(strstr(f->sms[0].text, "P0001"));
	assert_int_equal(fixture_count(f, "loans"), 1);
	fixture_sms(f, SITI, "PINJAM 2580");
	assert_non_null(strstr(f->sms[0].text, "menunggu persetujuan"));
}

static void
test_decision(void **state)
{
	struct fixture *f = *state;
	int64_t kas = fixture_kas(f);

	fixture_sms(f, SITI, "PINJAM 1jt 10 2580");
	fixture_sms(f, KASIR, "SETUJU P0001 5303");
	assert_non_null(strstr(f->sms[0].text, "hanya untuk bendahara/ketua"));
	fixture_sms(f, KETUA, "SETUJU P0009 5101");
	assert_non_null(strstr(f->sms[0].text, "tidak ditemukan"));
	/* The ketua's receipt, the member told where to collect, the bendahara who pays. */
	assert_int_equal(fixture_sms(f, KETUA, "SETUJU P0001 5101"), 3);
	assert_string_equal(fixture_sms_to(f, SITI), "Pinjaman P0001 Rp1.000.000"
	    " disetujui. Angsuran Rp115.000/bln x10, pertama 23 Des 2026."
	    " Ref R000003. Ambil uang di kantor koperasi, jam kerja, bawa KTP.");
	assert_string_equal(fixture_sms_to(f, BENDA), "Pinjaman P0001 A017 Siti"
	    " Rp1.000.000 disetujui ketua Sutrisno. Siapkan uangnya, anggota akan"
	    " mengambil di kantor. Ref R000003.");
	assert_int_equal(one(f, "SELECT count(*) FROM instalments"), 10);
	assert_int_equal(fixture_balance(f, "A017", "piutang_pinjaman"), 1000000);
	assert_int_equal(fixture_kas(f), kas - 1000000);
	/* Twice is refused and pays nothing twice. */
	assert_int_equal(fixture_sms(f, BENDA, "SETUJU P0001 5202"), 1);
	assert_string_equal(f->sms[0].text, "Pinjaman P0001 sudah diputuskan:"
	    " disetujui.");
	assert_int_equal(fixture_sms(f, BENDA, "TOLAK P0001 5202"), 1);
	assert_string_equal(f->sms[0].text, "Pinjaman P0001 sudah diputuskan:"
	    " disetujui.");
	assert_int_equal(fixture_kas(f), kas - 1000000);
	assert_int_equal(fixture_ledger_problems(f), 0);
}

static void
test_cash_and_own_loan(void **state)
{
	struct fixture *f = *state;

	/* The ketua's own application waits for someone else. */
	fixture_sms(f, KETUA, "PINJAM 1jt 10 5101");
	fixture_sms(f, KETUA, "SETUJU P0001 5101");
	assert_non_null(strstr(f->sms[0].text, "pinjaman Anda sendiri"));
	fixture_sms(f, BENDA, "TOLAK P0001 5202");
	assert_non_null(strstr(fixture_sms_to(f, KETUA), "belum dapat disetujui"));
	/* More than the cash box holds is not paid out. */
	fixture_sms(f, KETUA, "PINJAM 6jt 24 5101");
	fixture_sms(f, BENDA, "SETUJU P0002 5202");
	assert_string_equal(f->sms[0].text, "Tidak disetujui: kas koperasi"
	    " Rp2.500.000 tidak cukup untuk pinjaman Rp6.000.000. Pengajuan P0002"
	    " tetap menunggu.");
	assert_int_equal(fixture_count(f, "instalments"), 0);
}

/*
 * SETUJU refused at the moment of approval: the approver alone hears
 * which limit fails, the application stays pending and nothing moves.
 */
static void
refused_at_approval(struct fixture *f, const char *code, const char *why)
{
	int64_t kas = fixture_kas(f), journal = fixture_count(f, "journal");
	int64_t instalments = fixture_count(f, "instalments");
	struct loan l;
	char text[48];

	snprintf(text, sizeof(text), "SETUJU %s 5101", code);
	assert_int_equal(fixture_sms(f, KETUA, text), 1);
	assert_string_equal(fixture_sms_to(f, KETUA), why);
	assert_int_equal(loan_by_code(&f->db, code, &l), 1);
	assert_int_equal(l.state, LOAN_DIAJUKAN);
	assert_int_equal(fixture_kas(f), kas);
	assert_int_equal(fixture_count(f, "journal"), journal);
	assert_int_equal(fixture_count(f, "instalments"), instalments);
	assert_int_equal(fixture_ledger_problems(f), 0);
}

static void
test_limit_rechecked_after_withdrawal(void **state)
{
	struct fixture *f = *state;

	/* 3x her Rp500.000, then she takes Rp400.000 of it back out. */
	assert_int_equal(fixture_sms(f, SITI, "PINJAM 1.5jt 10 2580"), 3);
	assert_int_equal(fixture_sms(f, KASIR, "TARIK A017 400rb 5303"), 3);
	refused_at_approval(f, "P0001", "Tidak disetujui: pinjaman Rp1.500.000"
	    " melebihi 3x simpanan Rp100.000 (maks Rp300.000). Pengajuan P0001"
	    " tetap menunggu.");
	assert_int_equal(fixture_balance(f, "A017", "piutang_pinjaman"), 0);
	assert_int_equal(fixture_balance(f, "A017", "simpanan_sukarela"), 100000);
	fixture_sms(f, SITI, "PINJAM 2580");
	assert_non_null(strstr(f->sms[0].text, "menunggu persetujuan"));
	/* She hears of it only when the board says no. */
	assert_int_equal(fixture_sms(f, BENDA, "TOLAK P0001 5202"), 2);
	assert_non_null(strstr(fixture_sms_to(f, SITI), "belum dapat disetujui"));
}

static void
test_each_limit_at_approval(void **state)
{
	struct fixture *f = *state;
	struct rules saved = f->rules;
	struct member m;
	struct loan l;

	/* The rules were reloaded stricter after she applied. */
	fixture_sms(f, SITI, "PINJAM 1jt 10 2580");
	f->rules.loan_max_months = 6;
	refused_at_approval(f, "P0001", "Tidak disetujui: lama pinjaman 10 bulan,"
	    " batas 1-6 bulan. Pengajuan P0001 tetap menunggu.");
	f->rules = saved;
	f->rules.loan_max_amount = 800000;
	refused_at_approval(f, "P0001", "Tidak disetujui: pinjaman Rp1.000.000"
	    " melebihi batas Rp800.000. Pengajuan P0001 tetap menunggu.");
	f->rules = saved;
	f->rules.loan_max_multiple = 1;
	refused_at_approval(f, "P0001", "Tidak disetujui: pinjaman Rp1.000.000"
	    " melebihi 1x simpanan Rp500.000 (maks Rp500.000). Pengajuan P0001"
	    " tetap menunggu.");
	f->rules = saved;
	assert_int_equal(fixture_sms(f, KETUA, "SETUJU P0001 5101"), 3);

	/*
	 * A second open loan: the schema's one-open index forbids it, so the
	 * test removes the index to stand for books that hold one anyway.
	 */
	assert_int_equal(sqlite3_exec(f->db.h, "DROP INDEX loans_one_open", NULL,
	    NULL, NULL), SQLITE_OK);
	assert_int_equal(member_by_number(&f->db, "A017", &m), 1);
	memset(&l, 0, sizeof(l));
	l.member_id = m.id;
	l.principal = 200000;
	l.months = 5;
	l.rate_bp = 150;
	l.state = LOAN_DIAJUKAN;
	l.applied_at = f->now;
	assert_int_equal(loan_insert(&f->db, &l), 0);
	refused_at_approval(f, l.code, "Tidak disetujui: A017 Siti masih punya"
	    " pinjaman P0001 (aktif). Pengajuan P0002 tetap menunggu.");
}

/*
 * A copy of the application read on one connection, then decided on
 * another (an SMS SETUJU in kopdesd while kopdesctl looks): deciding the
 * stale copy says it was decided already and posts nothing.
 */
static void
test_decision_race(void **state)
{
	struct fixture *f = *state;
	struct handlers_env env = f->env;
	struct loan stale, copy;
	struct db other;
	struct hctx ctx;
	char ref[LEDGER_REF_LEN], why[200];
	int64_t kas, journal;

	fixture_sms(f, SITI, "PINJAM 1jt 10 2580");
	assert_int_equal(db_open(&other, f->dbpath), 0);
	env.db = &other;
	hctx_from_env(&env, &ctx);
	assert_int_equal(loan_by_code(&other, "P0001", &stale), 1);
	copy = stale;

	assert_int_equal(fixture_sms(f, KETUA, "SETUJU P0001 5101"), 3);
	kas = fixture_kas(f);
	journal = fixture_count(f, "journal");
	assert_int_equal(db_begin(&other), 0);
	assert_int_equal(loan_approve(&ctx, &stale, 0, ref, why, sizeof(why)),
	    LOAN_DECISION_DECIDED);
	assert_string_equal(why, "Pinjaman P0001 sudah diputuskan: disetujui.");
	assert_int_equal(stale.state, LOAN_AKTIF);
	assert_int_equal(loan_reject(&ctx, &copy, 0, NULL, why, sizeof(why)),
	    LOAN_DECISION_DECIDED);
	assert_string_equal(why, "Pinjaman P0001 sudah diputuskan: disetujui.");
	assert_int_equal(db_commit(&other), 0);
	db_close(&other);

	assert_int_equal(fixture_kas(f), kas);
	assert_int_equal(fixture_count(f, "journal"), journal);
	assert_int_equal(fixture_count(f, "instalments"), 10);
	assert_int_equal(fixture_ledger_problems(f), 0);
}

static void
test_repayment_bill_penalty_payoff(void **state)
{
	struct fixture *f = *state;

	fixture_sms(f, SITI, "PINJAM 1jt 10 2580");
	fixture_sms(f, KETUA, "SETUJU P0001 5101");
	fixture_sms(f, SITI, "TAGIHAN 2580");
	assert_string_equal(f->sms[0].text, "Tagihan P0001: angsuran ke-1"
	    " Rp115.000, jatuh tempo 23 Des 2026. Sisa pinjaman Rp1.150.000.");
	/* Interest before principal. */
	fixture_sms(f, KASIR, "BAYAR A017 20rb 5303");
	assert_int_equal(one(f, "SELECT paid_interest FROM instalments WHERE seq = 1"), 15000);
	assert_int_equal(one(f, "SELECT paid_principal FROM instalments WHERE seq = 1"), 5000);
	assert_int_equal(fixture_balance(f, "A017", "piutang_pinjaman"), 995000);
	assert_int_equal(fixture_ledger_problems(f), 0);
	/* Five days late: the penalty comes first. */
	fixture_set_today(f, "2026-12-28");
	fixture_sms(f, SITI, "TAGIHAN 2580");
	assert_non_null(strstr(f->sms[0].text, "TUNGGAKAN 1 angsuran, Rp95.575"));
	fixture_sms(f, KASIR, "BAYAR A017 575 5303");
	assert_int_equal(one(f, "SELECT paid_penalty FROM instalments WHERE seq = 1"), 575);
	assert_int_equal(one(f, "SELECT balance FROM accounts WHERE code ="
	    " 'pendapatan_denda'"), 575);
	/* More than everything owed is refused. */
	fixture_sms(f, KASIR, "BAYAR A017 2jt 5303");
	assert_non_null(strstr(f->sms[0].text, "paling banyak Rp1.130.000"));
	/* Receipt, member and the bendahara who answers for the cash. */
	assert_int_equal(fixture_sms(f, KASIR, "BAYAR A017 1.130.000 5303"), 3);
	assert_non_null(strstr(fixture_sms_to(f, BENDA), "Angsuran P0001 A017 Siti"
	    " Rp1.130.000, dicatat kasir Agus."));
	assert_non_null(strstr(fixture_sms_to(f, SITI), "LUNAS"));
	assert_int_equal(one(f, "SELECT count(*) FROM loans WHERE state = 'lunas'"), 1);
	assert_int_equal(fixture_balance(f, "A017", "piutang_pinjaman"), 0);
	assert_int_equal(one(f, "SELECT balance FROM accounts WHERE code ="
	    " 'pendapatan_jasa'"), 150000);
	assert_int_equal(fixture_ledger_problems(f), 0);
	fixture_sms(f, SITI, "PINJAM 2580");
	assert_non_null(strstr(f->sms[0].text, "sudah lunas"));
	fixture_sms(f, KASIR, "BAYAR A017 10rb 5303");
	assert_non_null(strstr(f->sms[0].text, "tidak punya pinjaman berjalan"));
}

static int
remind(struct fixture *f)
{
	int64_t before = fixture_count(f, "outbox");

	f->env.now = f->now;
	assert_int_equal(db_begin(&f->db), 0);
	assert_int_equal(reminders_run(&f->env), 0);
	assert_int_equal(db_commit(&f->db), 0);
	return (int)(fixture_count(f, "outbox") - before);
}

static void
test_reminders(void **state)
{
	struct fixture *f = *state;

	fixture_sms(f, SITI, "PINJAM 1jt 10 2580");
	fixture_sms(f, KETUA, "SETUJU P0001 5101");
	assert_int_equal(remind(f), 0);
	fixture_set_today(f, "2026-12-20");
	assert_int_equal(remind(f), 1);
	assert_int_equal(remind(f), 0);
	fixture_set_today(f, "2026-12-23");
	assert_int_equal(remind(f), 1);
	fixture_set_today(f, "2026-12-25");
	assert_int_equal(remind(f), 1);
	assert_int_equal(one(f, "SELECT count(*) FROM outbox WHERE priority = 2"
	    " AND text LIKE '%terlambat 2 hari%'"), 1);
	/* Two days late: Rp230 penalty on top, then nothing is overdue. */
	fixture_sms(f, KASIR, "BAYAR A017 115.230 5303");
	fixture_set_today(f, "2026-12-26");
	assert_int_equal(remind(f), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schedule_arithmetic),
		cmocka_unit_test_setup_teardown(test_application_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_decision, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cash_and_own_loan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limit_rechecked_after_withdrawal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_each_limit_at_approval, setup, teardown),
		cmocka_unit_test_setup_teardown(test_decision_race, setup, teardown),
		cmocka_unit_test_setup_teardown(test_repayment_bill_penalty_payoff, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reminders, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
