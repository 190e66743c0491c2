/*
 * HARGA for shoppers and officers, PIN changes, and BANTUAN by role.
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
#define KETUA	"081100000003"
#define SHOPPER	"085700000001"

static int
setup(void **state)
{
	struct fixture *f = fixture_open();

	fixture_member(f, "A017", SITI, "Siti Aminah", "anggota", "2580");
	fixture_member(f, "K001", KASIR, "Agus Salim", "kasir", "5303");
	fixture_member(f, "A001", KETUA, "Haji Sutrisno", "ketua", "5101");
	assert_int_equal(price_set(&f->db, "Beras Premium", 14500, "kg", 0, f->now), 0);
	assert_int_equal(price_set(&f->db, "Beras Medium", 12500, "kg", 0, f->now), 0);
	assert_int_equal(price_set(&f->db, "Gula Pasir", 17500, "kg", 0, f->now), 0);
	assert_int_equal(price_set(&f->db, "Minyak Goreng", 15700, "liter", 0, f->now), 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	fixture_close(*state);
	return 0;
}

static void
test_price_list_and_items(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(fixture_sms(f, SHOPPER, "HARGA"), 1);
	assert_string_equal(f->sms[0].text, "Harga sembako: Beras Medium"
	    " Rp12.500/kg, Beras Premium Rp14.500/kg, Gula Pasir Rp17.500/kg,"
	    " Minyak Goreng Rp15.700/liter.");
	fixture_sms(f, SHOPPER, "harga GULA PASIR");
	assert_string_equal(f->sms[0].text, "Harga Gula Pasir Rp17.500/kg.");
	fixture_sms(f, SHOPPER, "HARGA beras");
	assert_string_equal(f->sms[0].text, "Harga Beras Medium Rp12.500/kg,"
	    " Beras Premium Rp14.500/kg.");
	fixture_sms(f, SHOPPER, "HARGA Beras premium");
	assert_string_equal(f->sms[0].text, "Harga Beras Premium Rp14.500/kg.");
	fixture_sms(f, SHOPPER, "HARGA minyak");
	assert_string_equal(f->sms[0].text, "Harga Minyak Goreng Rp15.700/liter.");
	fixture_sms(f, SHOPPER, "HARGA gulaa");
	assert_string_equal(f->sms[0].text, "Harga Gula Pasir Rp17.500/kg.");
	fixture_sms(f, SHOPPER, "HARGA semen");
	assert_non_null(strstr(f->sms[0].text, "\"semen\" tidak ada"));
}

static void
test_officer_updates_price(void **state)
{
	struct fixture *f = *state;
	struct price p;
	int64_t n;

	assert_int_equal(fixture_sms(f, KASIR, "HARGA gula 18.000 5303"), 1);
	assert_string_equal(f->sms[0].text,
	    "Harga Gula Pasir diubah: Rp17.500 -> Rp18.000/kg.");
	assert_int_equal(price_get(&f->db, "Gula Pasir", &p), 1);
	assert_int_equal(p.price, 18000);
	assert_int_equal(price_history_count(&f->db, "Gula Pasir", &n), 0);
	assert_int_equal(n, 2);
	/* Ambiguous and unknown items change nothing. */
	fixture_sms(f, KASIR, "HARGA beras 13000 5303");
	assert_non_null(strstr(f->sms[0].text, "cocok dengan 2 barang"));
	fixture_sms(f, KASIR, "HARGA semen 60000 5303");
	assert_non_null(strstr(f->sms[0].text, "tidak ada di daftar"));
	/* A member may not. */
	fixture_sms(f, SITI, "HARGA gula 1000 2580");
	assert_non_null(strstr(f->sms[0].text, "hanya diubah oleh"));
	assert_int_equal(price_get(&f->db, "Gula Pasir", &p), 1);
	assert_int_equal(p.price, 18000);
	assert_int_equal(price_history_count(&f->db, "Gula Pasir", &n), 0);
	assert_int_equal(n, 2);
}

static void
test_pin_change(void **state)
{
	struct fixture *f = *state;

	fixture_sms(f, SITI, "PIN 2580 1111");
	assert_non_null(strstr(f->sms[0].text, "terlalu mudah"));
	fixture_sms(f, SITI, "PIN 2580 4321");
	assert_non_null(strstr(f->sms[0].text, "terlalu mudah"));
	fixture_sms(f, SITI, "PIN 2580 2580");
	assert_non_null(strstr(f->sms[0].text, "berbeda"));
	fixture_sms(f, SITI, "SALDO 2580");
	assert_non_null(strstr(f->sms[0].text, "Saldo A017"));
	fixture_sms(f, SITI, "PIN 2580 739164");
	assert_string_equal(f->sms[0].text, "PIN berhasil diganti. Jangan beri tahu"
	    " PIN Anda kepada siapa pun.");
	fixture_sms(f, SITI, "SALDO 2580");
	assert_non_null(strstr(f->sms[0].text, "PIN salah"));
	fixture_sms(f, SITI, "SALDO 739164");
	assert_non_null(strstr(f->sms[0].text, "Saldo A017"));
}

static void
test_help_by_role(void **state)
{
	struct fixture *f = *state;

	fixture_sms(f, SITI, "BANTUAN");
	assert_non_null(strstr(f->sms[0].text, "SALDO"));
	assert_non_null(strstr(f->sms[0].text, "PINJAM"));
	assert_null(strstr(f->sms[0].text, "TARIK"));
	assert_null(strstr(f->sms[0].text, "SETUJU"));
	fixture_sms(f, KASIR, "help");
	assert_non_null(strstr(f->sms[0].text, "TARIK"));
	assert_non_null(strstr(f->sms[0].text, "TERIMA"));
	assert_null(strstr(f->sms[0].text, "SETUJU"));
	fixture_sms(f, KETUA, "?");
	assert_non_null(strstr(f->sms[0].text, "SETUJU"));
	fixture_sms(f, SHOPPER, "INFO");
	assert_non_null(strstr(f->sms[0].text, "HARGA"));
	assert_null(strstr(f->sms[0].text, "SALDO"));
	fixture_sms(f, SITI, "BANTUAN SIMPAN");
	/* An example to copy, not a template of slot names. */
	assert_string_equal(f->sms[0].text,
	    "Ketik SIMPAN, jumlah, [jenis], PIN Anda; mis. SIMPAN 50rb 1234.");
	fixture_sms(f, SITI, "BANTUAN SALDO");
	assert_string_equal(f->sms[0].text,
	    "Ketik SALDO lalu PIN Anda, mis. SALDO 1234.");
	for (int i = 0; i < f->nsms; i++)
		assert_true(sms_units(f->sms[i].text) <= 160);
}

static void
test_help_shows_ussd_shortcut(void **state)
{
	struct fixture *f = *state;

	snprintf(f->rules.ussd_code, sizeof(f->rules.ussd_code), "*384*1234#");
	fixture_sms(f, SITI, "BANTUAN");
	assert_non_null(strstr(f->sms[0].text, "*384*1234*1*PIN#"));
	assert_true(sms_units(f->sms[0].text) <= 160);
	fixture_sms(f, SHOPPER, "BANTUAN");
	assert_non_null(strstr(f->sms[0].text, "*384*1234*1#"));
	/* The officers' longer list keeps to one SMS and goes without. */
	fixture_sms(f, KETUA, "BANTUAN");
	assert_true(sms_units(f->sms[0].text) <= 160);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_price_list_and_items, setup, teardown),
		cmocka_unit_test_setup_teardown(test_officer_updates_price, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pin_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_help_by_role, setup, teardown),
		cmocka_unit_test_setup_teardown(test_help_shows_ussd_shortcut, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
