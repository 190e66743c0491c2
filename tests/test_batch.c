/*
 * A batch runs without savepoints until something in it has to be
 * undone; then it is rolled back and run again with one per message.
 * Whichever way it ran, a command that failed half way leaves nothing
 * behind and the others in its batch are posted once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tests/support/support.h"

#define KASIR		"+6281100000001"
#define BENDAHARA	"+6281100000002"
#define SITI		"+6281300000001"
#define RINA		"+6281300000002"

static void
store(struct fixture *f, struct received_sms *r, char text[][64], int n)
{
	int i;

	for (i = 0; i < n; i++) {
		r[i].modem = "gsm1";
		r[i].sender = KASIR;
		r[i].smsc_time = f->now + i;
		r[i].text = text[i];
	}
	assert_int_equal(pipeline_store(&f->db, &f->key, r, (size_t)n, f->now), 0);
}

/*
 * The second deposit fails after its entry and its first line were
 * written: SQLite refuses the line on Rina's account (a trigger put in
 * the file, as a damaged or newer schema could).
 */
static void
test_failed_command_in_a_batch(void **state)
{
	struct fixture *f = fixture_open();
	struct received_sms r[3];
	char text[3][64] = { "SIMPAN A017 10rb 5303", "SIMPAN A018 20rb 5303",
	    "SIMPAN A017 30rb 5303" };
	char sql[300];
	int64_t rina;

	(void)state;
	fixture_member(f, "K001", KASIR, "Agus Salim", "kasir", "5303");
	fixture_member(f, "B001", BENDAHARA, "Dewi Lestari", "bendahara", "7788");
	fixture_member(f, "A017", SITI, "Siti Aminah", "anggota", "2580");
	rina = fixture_member(f, "A018", RINA, "Rina Wati", "anggota", "1357");
	assert_int_equal(account_id(&f->db, "simpanan_sukarela", rina, &rina), 1);
	snprintf(sql, sizeof(sql), "CREATE TRIGGER refuse BEFORE INSERT ON"
	    " journal_lines WHEN NEW.account_id = %lld BEGIN"
	    " SELECT RAISE(ABORT, 'refused'); END", (long long)rina);
	assert_int_equal(db_exec(&f->db, sql), 0);

	store(f, r, text, 3);
	f->env.now = f->now;
	assert_int_equal(pipeline_process(&f->env, 10), 3);

	assert_int_equal(fixture_balance(f, "A017", "simpanan_sukarela"), 40000);
	assert_int_equal(fixture_balance(f, "A018", "simpanan_sukarela"), 0);
	assert_int_equal(fixture_kas(f), 40000);
	assert_int_equal(fixture_ledger_problems(f), 0);
	assert_int_equal(fixture_int64(f, "SELECT count(*) FROM journal"), 2);
	assert_int_equal(fixture_int64(f, "SELECT count(*) FROM inbox WHERE state ="
	    " 'selesai'"), 2);
	assert_int_equal(fixture_int64(f, "SELECT count(*) FROM inbox WHERE state ="
	    " 'gagal'"), 1);
	/* Receipt, member and treasurer twice; the failed one only its apology. */
	assert_int_equal(fixture_int64(f, "SELECT count(*) FROM outbox"), 7);
	assert_int_equal(fixture_int64(f, "SELECT count(*) FROM outbox WHERE inbox_id ="
	    " 2 AND text LIKE 'Maaf, terjadi gangguan%'"), 1);
	assert_int_equal(fixture_int64(f, "SELECT count(*) FROM outbox WHERE phone = '"
	    RINA "'"), 0);
	fixture_close(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_failed_command_in_a_batch),
	};

	log_init(0, LOG_LEVEL_ERROR, "test_batch");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
