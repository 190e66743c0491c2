/*
 * The connection's error paths: a statement meant to finish that returns
 * a row is an error, not a success; nothing is written once SQLite has
 * rolled a transaction back by itself.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tests/support/support.h"

static void
test_step_done_refuses_a_row(void **state)
{
	struct fixture *f = fixture_open();
	sqlite3_stmt *st;

	(void)state;
	assert_non_null(st = db_stmt(&f->db, "SELECT 1"));
	assert_int_equal(db_step_done(&f->db, st), -1);
	assert_non_null(st = db_stmt(&f->db, "CREATE TEMP TABLE t(x)"));
	assert_int_equal(db_step_done(&f->db, st), 0);
	fixture_close(f);
}

/*
 * After a full disk SQLite may roll the whole transaction back on its
 * own; a write that followed would be committed alone, half a unit, and
 * done again when the unit is retried.  It is refused instead.
 */
static void
test_no_write_after_sqlite_rolled_back(void **state)
{
	struct fixture *f = fixture_open();
	struct outbox_msg m;

	(void)state;
	memset(&m, 0, sizeof(m));
	snprintf(m.phone, sizeof(m.phone), "+6281300000001");
	m.text = (char *)"Setoran Rp10.000 diterima";
	assert_int_equal(db_begin(&f->db), 0);
	/* What SQLite does by itself after SQLITE_FULL or SQLITE_IOERR. */
	assert_int_equal(sqlite3_exec(f->db.h, "ROLLBACK", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(outbox_insert(&f->db, &m), -1);
	assert_int_equal(db_commit(&f->db), -1);
	db_rollback(&f->db);
	assert_int_equal(fixture_count(f, "outbox"), 0);
	/* And the next unit works as ever. */
	assert_int_equal(db_begin(&f->db), 0);
	assert_int_equal(outbox_insert(&f->db, &m), 0);
	assert_int_equal(db_commit(&f->db), 0);
	assert_int_equal(fixture_count(f, "outbox"), 1);
	fixture_close(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_step_done_refuses_a_row),
		cmocka_unit_test(test_no_write_after_sqlite_rolled_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
