/*
 * The treasurer's daily summary, and per-deposit alerts switched off.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tests/support/support.h"

#define KASIR		"081100000001"
#define BENDAHARA	"081100000002"

static int
summary(struct fixture *f)
{
	int64_t before, id;

	f->env.now = f->now;
	assert_int_equal(outbox_max_id(&f->db, &before), 0);
	assert_int_equal(db_begin(&f->db), 0);
	assert_int_equal(summary_run(&f->env), 0);
	assert_int_equal(db_commit(&f->db), 0);
	assert_int_equal(outbox_max_id(&f->db, &id), 0);
	return (int)(id - before);
}

static const char *
last_outbox_text(struct fixture *f)
{
	static char text[400];
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_prepare_v2(f->db.h, "SELECT phone || ' ' || text"
	    " FROM outbox ORDER BY id DESC LIMIT 1", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(text, sizeof(text), "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return text;
}

static void
test_daily_summary_instead_of_alerts(void **state)
{
	struct fixture *f = fixture_open();

	(void)state;
	f->rules.alert_per_deposit = 0;
	f->rules.alert_per_withdrawal = 0;
	f->rules.alert_per_repayment = 0;
	fixture_member(f, "A001", "081300000001", "Siti Aminah", "anggota", "2580");
	fixture_member(f, "K001", KASIR, "Agus Salim", "kasir", "5303");
	fixture_member(f, "B001", BENDAHARA, "Dewi Lestari", "bendahara", "5202");
	/* Receipt and member confirmation; no treasurer alert. */
	assert_int_equal(fixture_sms(f, KASIR, "SIMPAN A001 100rb 5303"), 2);
	assert_null(fixture_sms_to(f, BENDAHARA));
	assert_int_equal(fixture_sms(f, KASIR, "SIMPAN A001 50rb 5303"), 2);
	assert_int_equal(fixture_sms(f, KASIR, "TARIK A001 20rb 5303"), 2);

	assert_int_equal(summary(f), 1);
	assert_string_equal(last_outbox_text(f), "+6281100000002 Ringkasan 23 Nov"
	    " 2026: penarikan 1x Rp20.000, setoran 2x Rp150.000. Kas Rp130.000.");
	/* Once a day. */
	assert_int_equal(summary(f), 0);
	fixture_set_today(f, "2026-11-24");
	assert_int_equal(summary(f), 1);
	assert_string_equal(last_outbox_text(f), "+6281100000002 Ringkasan 24 Nov"
	    " 2026: tidak ada transaksi. Kas Rp130.000.");
	fixture_close(f);
}

/* A busy day's summary is one SMS: short words rather than a second part. */
static void
test_busy_day_one_sms(void **state)
{
	struct fixture *f = fixture_open();
	char ref[LEDGER_REF_LEN], newref[LEDGER_REF_LEN];
	const char *t;

	(void)state;
	f->rules.alert_per_deposit = 0;
	f->rules.alert_per_withdrawal = 0;
	f->rules.alert_per_repayment = 0;
	fixture_member(f, "A001", "081300000001", "Siti Aminah", "anggota", "2580");
	fixture_member(f, "K001", KASIR, "Agus Salim", "kasir", "5303");
	fixture_member(f, "B001", BENDAHARA, "Dewi Lestari", "bendahara", "5202");
	fixture_member(f, "K002", "081100000009", "Haji Sutrisno", "ketua", "3141");
	assert_int_equal(fixture_sms(f, KASIR, "SIMPAN A001 123.456.789 5303"), 2);
	assert_int_equal(fixture_sms(f, KASIR, "SIMPAN A001 1.111.111 5303"), 2);
	assert_int_equal(fixture_sms(f, KASIR, "TARIK A001 1.234.567 5303"), 2);
	fixture_sms(f, "081300000001", "PINJAM 10jt 12 2580");
	fixture_sms(f, "081100000009", "SETUJU P0001 3141");
	assert_int_equal(fixture_sms(f, KASIR, "BAYAR A001 1.234.567 5303"), 2);
	assert_int_equal(db_begin(&f->db), 0);
	snprintf(ref, sizeof(ref), "R000002");
	assert_int_equal(ledger_reverse(&f->db, ref, "salah ketik", f->now, newref), 1);
	assert_int_equal(db_commit(&f->db), 0);

	assert_int_equal(summary(f), 1);
	t = strchr(last_outbox_text(f), ' ') + 1;
	assert_int_equal(sms_parts(t), 1);
	assert_string_equal(t, "Rekap 23 Nov 2026: angsur 1x Rp1.234.567, koreksi"
	    " 1x Rp1.111.111, tarik 1x Rp1.234.567, cair 1x Rp10.000.000, setor 2x"
	    " Rp124.567.900. Kas Rp113.456.789.");
	fixture_close(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_daily_summary_instead_of_alerts),
		cmocka_unit_test(test_busy_day_one_sms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
