/*
 * What happens to every SMS before a command runs: who is answered at
 * all, the once-a-day notice to strangers, the rate limit, PIN checks and
 * the lock, and that no PIN is ever stored.
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

static int
setup(void **state)
{
	struct fixture *f = fixture_open();

	fixture_member(f, "A017", SITI, "Siti Aminah", "anggota", "2580");
	fixture_member(f, "K001", KASIR, "Agus Salim", "kasir", "5303");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	fixture_close(*state);
	return 0;
}

/* The state and stored text of the newest inbox row. */
static const char *
last_inbox(struct fixture *f, char *state, size_t len)
{
	static char text[1100];
	sqlite3_stmt *st;

	/* Test-only SQL: the tests look at the rows the way an auditor would. */
	assert_int_equal(sqlite3_prepare_v2(f->db.h, "SELECT state, text FROM"
	    " inbox ORDER BY id DESC LIMIT 1", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(state, len, "%s", sqlite3_column_text(st, 0));
	snprintf(text, sizeof(text), "%s", sqlite3_column_text(st, 1));
	sqlite3_finalize(st);
	return text;
}

static void
test_operators_and_short_codes_get_nothing(void **state)
{
	struct fixture *f = *state;
	char st[16];

	assert_int_equal(fixture_sms(f, "TELKOMSEL", "Promo paket 10GB"), 0);
	last_inbox(f, st, sizeof(st));
	assert_string_equal(st, "diabaikan");
	assert_int_equal(fixture_sms(f, "Info", "SALDO 1234"), 0);
	assert_int_equal(fixture_sms(f, "3636", "BANTUAN"), 0);
	last_inbox(f, st, sizeof(st));
	assert_string_equal(st, "diabaikan");
	assert_int_equal(fixture_count(f, "outbox"), 0);
}

static void
test_stranger_told_once_a_day(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(fixture_sms(f, "085700000001", "SALDO 1234"), 1);
	assert_non_null(strstr(f->sms[0].text, "belum terdaftar"));
	assert_int_equal(fixture_sms(f, "085700000001", "TAGIHAN 1234"), 0);
	/* HARGA is for everyone and always answered. */
	assert_int_equal(fixture_sms(f, "085700000001", "HARGA"), 1);
	fixture_set_today(f, "2026-11-24");
	assert_int_equal(fixture_sms(f, "085700000001", "SALDO 1234"), 1);
	assert_non_null(strstr(f->sms[0].text, "belum terdaftar"));
}

/*
 * A stranger who leaves out the PIN is not taught a member's command:
 * she hears whom to ask, once a day, whatever the form.
 */
static void
test_stranger_without_pin_told_not_taught(void **state)
{
	struct fixture *f = *state;
	char st[16];

	assert_int_equal(fixture_sms(f, "085700000001", "TAGIHAN"), 1);
	assert_non_null(strstr(f->sms[0].text, "belum terdaftar"));
	assert_int_equal(fixture_sms(f, "085700000001", "PINJAM"), 0);
	assert_int_equal(fixture_sms(f, "085700000001", "SALDO"), 0);
	assert_int_equal(fixture_sms(f, "085700000001", "PINJAM 1jt 12"), 0);
	assert_int_equal(fixture_sms(f, "085700000001", "TARIK A017 12x 1234"), 0);
	last_inbox(f, st, sizeof(st));
	assert_string_equal(st, "selesai");
	fixture_set_today(f, "2026-11-24");
	assert_int_equal(fixture_sms(f, "085700000001", "SALDO"), 1);
	assert_non_null(strstr(f->sms[0].text, "belum terdaftar"));
	/* A member who forgets her PIN is shown what to type. */
	assert_int_equal(fixture_sms(f, SITI, "SALDO"), 1);
	assert_non_null(strstr(f->sms[0].text, "SALDO lalu PIN"));
}

/* 00 dialled for the plus is the same member, not an operator's machine. */
static void
test_international_prefix_is_a_person(void **state)
{
	struct fixture *f = *state;
	char st[16], plus[sizeof(((struct fixture *)0)->sms[0].text)];

	assert_int_equal(fixture_sms(f, "+6281300000001", "SALDO 2580"), 1);
	snprintf(plus, sizeof(plus), "%s", f->sms[0].text);
	assert_int_equal(fixture_sms(f, "006281300000001", "SALDO 2580"), 1);
	assert_string_equal(f->sms[0].phone, "+6281300000001");
	assert_string_equal(f->sms[0].text, plus);
	assert_non_null(strstr(plus, "Saldo A017"));
	last_inbox(f, st, sizeof(st));
	assert_string_equal(st, "selesai");
	/* A stranger written so is a stranger, told so. */
	assert_int_equal(fixture_sms(f, "0062 857-0000-0002", "HARGA"), 1);
	assert_string_equal(f->sms[0].phone, "+6285700000002");
}

static void
test_unknown_and_malformed(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(fixture_sms(f, SITI, "halo pak"), 1);
	assert_non_null(strstr(f->sms[0].text, "BANTUAN"));
	assert_int_equal(fixture_sms(f, SITI, "SALDO 12"), 1);
	assert_non_null(strstr(f->sms[0].text, "PIN harus 4-6 angka"));
	assert_non_null(strstr(f->sms[0].text, "mis. SALDO 1234"));
	assert_int_equal(fixture_sms(f, KASIR, "SIMPAN A017 50x 5303"), 1);
	assert_non_null(strstr(f->sms[0].text, "\"50x\""));
	assert_null(strstr(f->sms[0].text, "5303"));
}

static void
test_wrong_pins_lock(void **state)
{
	struct fixture *f = *state;
	struct member m;
	int64_t n;

	assert_int_equal(fixture_sms(f, SITI, "SALDO 1111"), 1);
	assert_non_null(strstr(f->sms[0].text, "PIN salah. Sisa 2 kali"));
	assert_int_equal(fixture_sms(f, SITI, "SALDO 2580"), 1);
	assert_non_null(strstr(f->sms[0].text, "Saldo A017"));
	/* A right PIN resets the count: three more wrong ones to lock. */
	assert_int_equal(fixture_sms(f, SITI, "SALDO 1111"), 1);
	assert_non_null(strstr(f->sms[0].text, "Sisa 2 kali"));
	fixture_sms(f, SITI, "SALDO 1112");
	assert_non_null(strstr(f->sms[0].text, "Sisa 1 kali"));
	fixture_sms(f, SITI, "SALDO 1113");
	assert_non_null(strstr(f->sms[0].text, "terkunci"));
	assert_int_equal(member_by_number(&f->db, "A017", &m), 1);
	assert_true(m.locked);
	assert_int_equal(audit_count(&f->db, m.id, "pin_salah", &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(audit_count(&f->db, m.id, "pin_terkunci", &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(fixture_sms(f, SITI, "SALDO 2580"), 1);
	assert_non_null(strstr(f->sms[0].text, "terkunci"));
	assert_null(strstr(f->sms[0].text, "Saldo A017"));
	/* A wrong PIN posts nothing either. */
	assert_int_equal(fixture_sms(f, KASIR, "SIMPAN A017 50000 9999"), 1);
	assert_non_null(strstr(f->sms[0].text, "PIN salah"));
	assert_int_equal(fixture_count(f, "journal"), 0);
}

static void
test_rate_limit_stops_answers_not_storage(void **state)
{
	struct fixture *f = *state;
	char st[16];
	int i;

	for (i = 0; i < 10; i++)
		assert_int_equal(fixture_sms(f, SITI, "HARGA"), 1);
	/* The 11th in ten minutes: stored, not handled, told once when to retry. */
	assert_int_equal(fixture_sms(f, SITI, "SIMPAN 50000 2580"), 1);
	assert_string_equal(f->sms[0].text, "Terlalu banyak SMS. Coba lagi setelah"
	    " pukul 09.10.");
	last_inbox(f, st, sizeof(st));
	assert_string_equal(st, "dibatasi");
	assert_int_equal(fixture_count(f, "pending_deposits"), 0);
	/* Then silence, however often she tries: no loop, no drained credit. */
	for (i = 0; i < 20; i++) {
		f->now += 10;
		assert_int_equal(fixture_sms(f, SITI, "HARGA"), 0);
		last_inbox(f, st, sizeof(st));
		assert_string_equal(st, "dibatasi");
	}
	f->now -= 200;
	/* Officers are exempt: a market day of deposits. */
	for (i = 0; i < 30; i++)
		assert_int_equal(fixture_sms(f, KASIR, "HARGA"), 1);
	f->now += 601;
	/* Her reply and the kasir's notice. */
	assert_int_equal(fixture_sms(f, SITI, "SIMPAN 50000 2580"), 2);
	assert_int_equal(fixture_count(f, "pending_deposits"), 1);
}

static void
test_no_pin_is_stored_or_sent(void **state)
{
	struct fixture *f = *state;
	char st[16];
	int i;

	fixture_sms(f, SITI, "SALDO 2580");
	assert_string_equal(last_inbox(f, st, sizeof(st)), "SALDO ****");
	fixture_sms(f, SITI, "SALDOO 2580");
	assert_string_equal(last_inbox(f, st, sizeof(st)), "SALDOO ****");
	fixture_sms(f, SITI, "PIN 2580 7391");
	assert_string_equal(last_inbox(f, st, sizeof(st)), "PIN **** ****");
	for (i = 0; i < f->nsms; i++) {
		assert_null(strstr(f->sms[i].text, "2580"));
		assert_null(strstr(f->sms[i].text, "7391"));
	}
	assert_int_equal(fixture_sms(f, SITI, "SALDO 7391"), 1);
	assert_non_null(strstr(f->sms[0].text, "Saldo A017"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_operators_and_short_codes_get_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stranger_told_once_a_day, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stranger_without_pin_told_not_taught, setup, teardown),
		cmocka_unit_test_setup_teardown(test_international_prefix_is_a_person, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_and_malformed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_pins_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rate_limit_stops_answers_not_storage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_pin_is_stored_or_sent, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
