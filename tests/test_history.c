/*
 * What the indexes by time (db/schema.c) must not change: an SMS a modem
 * hands over twice is stored once and answered once, two SMS of one
 * second are two, a copy stored by an earlier release is still
 * recognised, the rate limit counts across midnight, and MUTASI reaches
 * back over days.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "tests/support/support.h"

#define SITI	"081300000001"
#define SITI_E164 "+6281300000001"
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

static struct received_sms
sms(const char *modem, const char *from, time_t at, const char *text)
{
	struct received_sms r;

	memset(&r, 0, sizeof(r));
	r.modem = modem;
	r.sender = from;
	r.smsc_time = at;
	r.text = (char *)text;
	return r;
}

/* Test-only SQL: the rows as an auditor would count them. */
static int64_t
count_where(struct fixture *f, const char *sql)
{
	sqlite3_stmt *st;
	int64_t n;

	assert_int_equal(sqlite3_prepare_v2(f->db.h, sql, -1, &st, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void
test_same_sms_twice_is_stored_and_answered_once(void **state)
{
	struct fixture *f = *state;
	struct received_sms r[2];
	int64_t first;

	/* Read, stored, then read again: the modem had not deleted it yet. */
	r[0] = sms("gsm0", SITI, f->now - 30, "SALDO 2580");
	assert_int_equal(pipeline_store(&f->db, &f->key, r, 1, f->now), 0);
	assert_false(r[0].duplicate);
	first = r[0].inbox_id;
	r[0] = sms("gsm0", SITI, f->now - 30, "SALDO 2580");
	assert_int_equal(pipeline_store(&f->db, &f->key, r, 1, f->now + 5), 0);
	assert_true(r[0].duplicate);
	assert_int_equal(r[0].inbox_id, first);
	/* And twice in one batch. */
	r[0] = sms("gsm0", SITI, f->now - 20, "HARGA BERAS");
	r[1] = sms("gsm0", SITI, f->now - 20, "HARGA BERAS");
	assert_int_equal(pipeline_store(&f->db, &f->key, r, 2, f->now + 5), 0);
	assert_false(r[0].duplicate);
	assert_true(r[1].duplicate);
	assert_int_equal(r[1].inbox_id, r[0].inbox_id);

	assert_int_equal(fixture_count(f, "inbox"), 2);
	f->env.now = f->now + 5;
	assert_int_equal(pipeline_process(&f->env, 10), 2);
	assert_int_equal(count_where(f, "SELECT count(*) FROM outbox WHERE"
	    " phone = '" SITI_E164 "'"), 2);
}

static void
test_two_sms_in_one_second_are_two(void **state)
{
	struct fixture *f = *state;
	struct received_sms r[3];

	r[0] = sms("gsm0", SITI, f->now - 10, "SALDO 2580");
	r[1] = sms("gsm0", SITI, f->now - 10, "HARGA BERAS");
	/* The same words a second later are another SMS. */
	r[2] = sms("gsm0", SITI, f->now - 9, "SALDO 2580");
	assert_int_equal(pipeline_store(&f->db, &f->key, r, 3, f->now), 0);
	assert_false(r[0].duplicate);
	assert_false(r[1].duplicate);
	assert_false(r[2].duplicate);
	assert_int_equal(fixture_count(f, "inbox"), 3);
	f->env.now = f->now;
	assert_int_equal(pipeline_process(&f->env, 10), 3);
	assert_int_equal(count_where(f, "SELECT count(*) FROM outbox WHERE"
	    " phone = '" SITI_E164 "' AND text LIKE '%Sukarela%'"), 2);
	assert_int_equal(count_where(f, "SELECT count(*) FROM outbox WHERE"
	    " phone = '" SITI_E164 "'"), 3);
}

/* The key earlier releases stored: the keyed digest alone. */
static void
old_key(const struct pin_key *key, const char *modem, const char *from,
    time_t at, const char *text, unsigned char out[16])
{
	crypto_generichash_state st;
	unsigned char t[8];
	int i;

	for (i = 0; i < 8; i++)
		t[i] = (unsigned char)((uint64_t)(int64_t)at >> (8 * i));
	crypto_generichash_init(&st, key->k, sizeof(key->k), 16);
	crypto_generichash_update(&st, (const unsigned char *)modem,
	    strlen(modem) + 1);
	crypto_generichash_update(&st, (const unsigned char *)from,
	    strlen(from) + 1);
	crypto_generichash_update(&st, t, sizeof(t));
	crypto_generichash_update(&st, (const unsigned char *)text, strlen(text));
	crypto_generichash_final(&st, out, 16);
}

/*
 * Stored by the release before the indexes by time, still on the SIM
 * when the program was upgraded, read again after: one row.
 */
static void
test_copy_stored_by_earlier_release_is_recognised(void **state)
{
	struct fixture *f = *state;
	struct received_sms r[2];
	struct inbox_msg m;
	unsigned char k[16];
	int64_t id, old;

	/* The file as that release left it: its indexes, its version. */
	assert_int_equal(db_exec(&f->db, "DROP INDEX inbox_sender_day;"
	    " DROP INDEX journal_member_day;"
	    " CREATE INDEX inbox_sender ON inbox(sender, received_at);"
	    " CREATE INDEX journal_lines_account ON journal_lines(account_id);"
	    " PRAGMA user_version = 9"), 0);
	memset(&m, 0, sizeof(m));
	snprintf(m.modem, sizeof(m.modem), "gsm0");
	snprintf(m.sender, sizeof(m.sender), SITI_E164);
	m.smsc_time = f->now - 60;
	m.received_at = f->now - 50;
	m.text = "SALDO 2580";
	m.state = INBOX_BARU;
	old_key(&f->key, "gsm0", SITI, f->now - 60, "SALDO 2580", k);
	assert_int_equal(inbox_insert(&f->db, &m, k, sizeof(k), &old), 1);
	db_close(&f->db);
	assert_int_equal(db_open(&f->db, f->dbpath), 0);

	r[0] = sms("gsm0", SITI, f->now - 60, "SALDO 2580");
	r[1] = sms("gsm0", SITI, f->now - 40, "SALDO 2580");
	assert_int_equal(pipeline_store(&f->db, &f->key, r, 2, f->now), 0);
	assert_true(r[0].duplicate);
	assert_int_equal(r[0].inbox_id, old);
	assert_false(r[1].duplicate);
	assert_int_equal(fixture_count(f, "inbox"), 2);
	/* Stored again now, it is found under the new key. */
	r[1] = sms("gsm0", SITI, f->now - 40, "SALDO 2580");
	assert_int_equal(pipeline_store(&f->db, &f->key, r + 1, 1, f->now), 0);
	assert_true(r[1].duplicate);
	assert_int_equal(inbox_find_dedupe(&f->db, k, sizeof(k), &id), 1);
	assert_int_equal(id, old);
	assert_int_equal(fixture_count(f, "inbox"), 2);
}

/* Ten in ten minutes, five of them before midnight (UTC): the 11th waits. */
static void
test_rate_limit_counts_across_midnight(void **state)
{
	struct fixture *f = *state;
	char st[16];
	sqlite3_stmt *q;
	int i;

	f->now = (f->now / 86400 + 1) * 86400 - 150;
	for (i = 0; i < 10; i++) {
		assert_int_equal(fixture_sms(f, SITI, "HARGA"), 1);
		f->now += 30;
	}
	assert_int_equal(fixture_sms(f, SITI, "HARGA"), 1);
	assert_non_null(strstr(f->sms[0].text, "Terlalu banyak SMS"));
	assert_int_equal(sqlite3_prepare_v2(f->db.h, "SELECT state FROM inbox"
	    " ORDER BY id DESC LIMIT 1", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	snprintf(st, sizeof(st), "%s", sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	assert_string_equal(st, "dibatasi");
}

/* Her last movements, newest first, though days and weeks apart. */
static void
test_mutasi_reaches_back_over_days(void **state)
{
	struct fixture *f = *state;
	const char *t, *d03, *d13, *d23;

	fixture_set_today(f, "2026-11-03");
	assert_int_equal(fixture_sms(f, KASIR, "SIMPAN A017 10000 5303") > 0, 1);
	fixture_set_today(f, "2026-11-13");
	assert_int_equal(fixture_sms(f, KASIR, "SIMPAN A017 20000 5303") > 0, 1);
	fixture_set_today(f, "2026-11-23");
	assert_int_equal(fixture_sms(f, KASIR, "SIMPAN A017 30000 5303") > 0, 1);
	f->now += 3600;
	assert_int_equal(fixture_sms(f, SITI, "MUTASI 2580"), 1);
	t = f->sms[0].text;
	assert_non_null(strstr(t, "Mutasi A017 Siti:"));
	assert_non_null(d03 = strstr(t, "03/11"));
	assert_non_null(d13 = strstr(t, "13/11"));
	assert_non_null(d23 = strstr(t, "23/11"));
	assert_true(d23 < d13 && d13 < d03);
	assert_non_null(strstr(d03, "Rp10.000"));
	assert_non_null(strstr(d13, "Rp20.000"));
	assert_non_null(strstr(d23, "Rp30.000"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_same_sms_twice_is_stored_and_answered_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_sms_in_one_second_are_two, setup, teardown),
		cmocka_unit_test_setup_teardown(test_copy_stored_by_earlier_release_is_recognised, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rate_limit_counts_across_midnight, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mutasi_reaches_back_over_days, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
