/*
 * No PIN survives where a person could read it: not in the stored inbox
 * text, not in an SMS the gateway queues, not in an audit row, not in a
 * log line, however the sender glued it to the words around it.  Every
 * case runs the real dispatch on a fresh cooperative in a real SQLite
 * file, and the log is read from the real stderr.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "tests/support/support.h"

#define SITI	"081300000001"	/* A017 anggota  2580 */
#define BUDI	"081300000002"	/* A001 anggota  4719 */
#define RINA	"081300000003"	/* A002 anggota  5000 */
#define KASIR	"081100000001"	/* K001 kasir    7777 */
#define KASIR2	"081100000002"	/* K002 kasir    5000 */
#define KETUA	"081100000003"	/* K003 ketua    3141 */
#define BEND	"081100000004"	/* K004 bendahara 8642 */
#define STRANGER "085700000001"

/* What the guard logs when it had to hold a reply back. */
#define HELD	"held back"

struct leak_case {
	const char	*from;
	const char	*pin;		/* the sender's, or digits that may be */
	const char	*text;
	const char	*stored;	/* the inbox row's text */
	const char	*fact;		/* in the reply to the sender; NULL: none */
	int		 held;		/* only the guard kept the PIN out */
	const char	*pin2;		/* a second secret, e.g. the new PIN */
};

#define C(fr, p, t, s, ...)	{ .from = (fr), .pin = (p), .text = (t), \
				    .stored = (s), __VA_ARGS__ }

static const struct leak_case cases[] = {
	/* A PIN glued to the keyword by a sign or a letter. */
	/* A . or * between words separates them: these are SALDO now. */
	C(SITI, "2580", "SALDO.2580", "SALDO.****", .fact = "Rp120.000"),
	C(SITI, "2580", "SALDO,2580", "SALDO,****", .fact = "BANTUAN"),
	C(SITI, "2580", "SALDO*2580", "SALDO*****", .fact = "Rp120.000"),
	C(SITI, "2580", "SALDO-2580", "SALDO-****", .fact = "BANTUAN"),
	C(SITI, "2580", "CEK:2580", "CEK:****", .fact = "BANTUAN"),
	C(SITI, "2580", "saldo=2580", "saldo=****", .fact = "BANTUAN"),
	C(SITI, "2580", "SALDO 2580x", "SALDO ****x", .fact = "PIN harus 4-6 angka"),
	C(SITI, "2580", "SALDO PIN2580", "SALDO PIN****", .fact = "PIN harus"),
	/* A keyword glued to the PIN is split from it. */
	C(BUDI, "4719", "saldo4719", "saldo****", .fact = "Saldo A001"),
	C(SITI, "2580", "cek saldo2580 makasih", "cek saldo**** makasih",
	    .fact = "Rp120.000"),
	C(SITI, "2580", "saldo 2580 terima kasih bu", "saldo **** terima kasih bu",
	    .fact = "Rp120.000"),
	C(KASIR, "7777", "SIMPAN*A017*Rp 50.000,-*7777", "SIMPAN*A017*Rp 50.000,-*****",
	    .fact = "Rp50.000"),
	C(SITI, "2580", "mau pinjam 1 juta 12 bulan 2580 ya", "mau pinjam 1 juta 12 bulan **** ya",
	    .fact = "Pinjaman"),
	C(SITI, "2580", "SALDO/2580", "SALDO/****", .fact = "BANTUAN"),
	C(SITI, "2580", "SALDO(2580)", "SALDO(****)", .fact = "BANTUAN"),
	C(SITI, "2580", "Saldo:2580.", "Saldo:****.", .fact = "BANTUAN"),
	C(SITI, "2580", "CEK#2580x", "CEK#****x", .fact = "PIN harus"),
	C(STRANGER, "2580", "SALDO 2580x", "SALDO ****x"),
	/* Their neighbours that parse, and the PIN in the middle. */
	C(SITI, "2580", "SALDO 2580", "SALDO ****", .fact = "Rp120.000"),
	C(SITI, "2580", "SALDO 2580 .", "SALDO **** .", .fact = "Rp120.000"),
	C(SITI, "2580", "cek 2580 terima kasih", "cek **** terima kasih"),
	C(SITI, "2580", "2580 SALDO", "**** SALDO", .fact = "BANTUAN"),
	C(SITI, "2580", "SALDO 2580 SALDO", "SALDO **** SALDO"),
	C(SITI, "2580", "SALDO 2580 2580", "SALDO **** ****"),
	C(SITI, "2580", "PIN 2580 2580 2580", "PIN **** **** ****"),
	C(KASIR, "7777", "SIMPAN 7777 A017 50000", "SIMPAN **** A017 ****"),
	C(KASIR, "7777", "SIMPAN A017 7777 50000", "SIMPAN A017 **** ****",
	    .fact = "PIN salah"),
	/* Refusals that used to quote the word holding the PIN. */
	C(SITI, "2580", "PINJAM 1jt 2580,", "PINJAM 1jt ****,",
	    .fact = "Lama pinjaman"),
	C(KASIR, "7777", "SIMPAN A001 7777, 7777", "SIMPAN A001 ****, ****",
	    .fact = "Jumlah"),
	C(KASIR, "7777", "TERIMA 7777, 7777", "TERIMA ****, ****", .fact = "Kode"),
	C(SITI, "2580", "HARGA TELUR 15rbx 2580", "HARGA TELUR 15rbx ****",
	    .fact = "tidak ada"),
	C(SITI, "2580", "HARGA GULA 15rbx 2580", "HARGA GULA 15rbx ****",
	    .fact = "Gula Pasir"),
	C(SITI, "2580", "HARGA 2580", "HARGA ****", .fact = "tidak ada"),
	C(SITI, "2580", "BANTUAN 2580x", "BANTUAN ****x", .fact = "tidak ada"),
	C(KASIR, "7777", "SIMPAN A001 7777x 7777", "SIMPAN A001 ****x ****",
	    .fact = "Jumlah"),
	C(KASIR, "7777", "TARIK A017 7777, 7777", "TARIK A017 ****, ****",
	    .fact = "Jumlah"),
	C(KASIR, "7777", "BAYAR A017 7777x 7777", "BAYAR A017 ****x ****",
	    .fact = "Jumlah"),
	C(KETUA, "3141", "SETUJU 3141x 3141", "SETUJU ****x ****", .fact = "Kode"),
	C(SITI, "2580", "PINJAM 1jt 12 2580x", "PINJAM 1jt 12 ****x",
	    .fact = "PIN harus"),
	C(SITI, "2580", "HARGA gula 2580", "HARGA gula ****"),
	C(SITI, "2580", "HARGA gula#pasir#2580", "HARGA gula#pasir#****"),
	/* A code or member number the parse took that is the PIN itself. */
	C(KASIR, "7777", "TERIMA S7777 7777", "TERIMA S**** ****", .held = 1),
	C(KASIR, "7777", "SIMPAN A7777 50000 7777", "SIMPAN A**** 50000 ****",
	    .held = 1),
	C(KETUA, "3141", "SETUJU P3141 3141", "SETUJU P**** ****", .held = 1),
	/* An amount whose digits are the PIN. */
	C(KASIR2, "5000", "SIMPAN A001 5000 5000", "SIMPAN A001 **** ****",
	    .fact = "Rp5.000"),
	C(RINA, "5000", "SIMPAN 5000 5000", "SIMPAN **** ****", .fact = "Rp5.000"),
	C(RINA, "5000", "SIMPAN 5000 WAJIB 5000", "SIMPAN **** WAJIB ****",
	    .fact = "Rp5.000"),
	C(KASIR, "7777", "SIMPAN A017 7777 7777", "SIMPAN A017 **** ****",
	    .fact = "Rp7.777"),
	/* An officer's PIN, in a command that posts and tells others. */
	C(KASIR, "7777", "SIMPAN A017 30000 7777", "SIMPAN A017 30000 ****",
	    .fact = "Rp30.000"),
	C(KASIR, "7777", "SIMPAN A017 30000 7777x", "SIMPAN A017 **** ****x",
	    .fact = "PIN harus"),
	C(KASIR, "7777", "PIN 7777 1357", "PIN **** ****", .fact = "berhasil",
	    .pin2 = "1357"),
};

static struct fixture *
cooperative(void)
{
	struct fixture *f = fixture_open();

	/* Durability is not what these cases test; a cooperative each is. */
	assert_int_equal(sqlite3_exec(f->db.h, "PRAGMA synchronous=OFF", NULL,
	    NULL, NULL), SQLITE_OK);
	fixture_member(f, "A017", SITI, "Siti Aminah", "anggota", "2580");
	fixture_member(f, "A001", BUDI, "Budi Santoso", "anggota", "4719");
	fixture_member(f, "A002", RINA, "Rina", "anggota", "5000");
	fixture_member(f, "K001", KASIR, "Agus Salim", "kasir", "7777");
	fixture_member(f, "K002", KASIR2, "Dewi", "kasir", "5000");
	fixture_member(f, "K003", KETUA, "Haji Sutrisno", "ketua", "3141");
	fixture_member(f, "K004", BEND, "Ani Lestari", "bendahara", "8642");
	assert_int_equal(price_set(&f->db, "Gula Pasir", 17500, "kg", 0, f->now), 0);
	/* Savings for SALDO to show, put in the way a kasir does. */
	assert_int_equal(fixture_sms(f, KASIR, "SIMPAN A017 120000 7777"), 3);
	return f;
}

/* Where stderr goes while a case runs, and back. */
struct capture {
	char	 path[300];
	int	 saved;
};

static void
capture_start(struct fixture *f, struct capture *c)
{
	FILE *fp;

	snprintf(c->path, sizeof(c->path), "%s/stderr", f->dir);
	fflush(stderr);
	c->saved = dup(2);
	assert_true(c->saved >= 0);
	fp = fopen(c->path, "w");
	assert_non_null(fp);
	assert_true(dup2(fileno(fp), 2) == 2);
	fclose(fp);
}

/* The captured lines, in a buffer the caller frees. */
static char *
capture_end(struct capture *c)
{
	FILE *fp;
	char *buf;
	size_t n;

	fflush(stderr);
	assert_true(dup2(c->saved, 2) == 2);
	close(c->saved);
	fp = fopen(c->path, "r");
	assert_non_null(fp);
	buf = calloc(1, 65536);
	assert_non_null(buf);
	n = fread(buf, 1, 65535, fp);
	buf[n] = '\0';
	fclose(fp);
	unlink(c->path);
	return buf;
}

/* Every text value in every table: the database as a thief would read it. */
static int
db_holds(struct fixture *f, const char *secret, char *where, size_t len)
{
	sqlite3_stmt *tables, *rows;
	char sql[128];
	const char *table, *v;
	int col, found = 0;

	assert_int_equal(sqlite3_prepare_v2(f->db.h, "SELECT name FROM"
	    " sqlite_master WHERE type = 'table'", -1, &tables, NULL), SQLITE_OK);
	while (!found && sqlite3_step(tables) == SQLITE_ROW) {
		table = (const char *)sqlite3_column_text(tables, 0);
		snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\"", table);
		assert_int_equal(sqlite3_prepare_v2(f->db.h, sql, -1, &rows, NULL),
		    SQLITE_OK);
		while (!found && sqlite3_step(rows) == SQLITE_ROW)
			for (col = 0; col < sqlite3_column_count(rows); col++) {
				if (sqlite3_column_type(rows, col) != SQLITE_TEXT)
					continue;
				v = (const char *)sqlite3_column_text(rows, col);
				if (strstr(v, secret) == NULL)
					continue;
				snprintf(where, len, "%s.%s = \"%s\"", table,
				    sqlite3_column_name(rows, col), v);
				found = 1;
				break;
			}
		sqlite3_finalize(rows);
	}
	sqlite3_finalize(tables);
	return found;
}

static const char *
inbox_text(struct fixture *f, char *buf, size_t len)
{
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_prepare_v2(f->db.h, "SELECT text FROM inbox"
	    " ORDER BY id DESC LIMIT 1", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(buf, len, "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return buf;
}

/* Runs one case on a fresh cooperative; returns how many checks failed. */
static int
case_run(const struct leak_case *c)
{
	struct fixture *f = cooperative();
	struct capture cap;
	char where[1400], stored[1100], *log;
	const char *answer;
	int bad = 0, n, i;

	capture_start(f, &cap);
	n = fixture_sms(f, c->from, c->text);
	log = capture_end(&cap);
	if (n < 1) {
		print_error("%s: %d SMS caused\n", c->text, n);
		bad++;
	}
	if (strcmp(inbox_text(f, stored, sizeof(stored)), c->stored) != 0) {
		print_error("%s: stored \"%s\", want \"%s\"\n", c->text, stored,
		    c->stored);
		bad++;
	}
	for (i = 0; i < 2; i++) {
		const char *secret = i == 0 ? c->pin : c->pin2;

		if (secret == NULL)
			continue;
		if (db_holds(f, secret, where, sizeof(where))) {
			print_error("%s: %s in %s\n", c->text, secret, where);
			bad++;
		}
		if (strstr(log, secret) != NULL) {
			print_error("%s: %s logged: %s\n", c->text, secret, log);
			bad++;
		}
	}
	answer = fixture_sms_to(f, c->from);
	if (c->fact != NULL && (answer == NULL || strstr(answer, c->fact) == NULL)) {
		print_error("%s: answered \"%s\", want \"%s\" in it\n", c->text,
		    answer ? answer : "(nothing)", c->fact);
		bad++;
	}
	/* The handlers keep the PIN out themselves; the guard is the last net. */
	if ((strstr(log, HELD) != NULL) != c->held) {
		print_error("%s: guard %s: answered \"%s\"\n", c->text,
		    c->held ? "did not hold the reply" : "had to hold the reply",
		    answer ? answer : "(nothing)");
		bad++;
	}
	free(log);
	fixture_close(f);
	return bad;
}

static void
test_no_pin_anywhere(void **state)
{
	size_t i;
	int bad = 0;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		bad += case_run(&cases[i]);
	assert_int_equal(bad, 0);
}

/*
 * The guard on its own, for a handler that would quote what it should
 * not: a text showing digits the sender typed, or the sender's PIN however
 * it got there, is never queued.  A refusal becomes its usage hint without
 * the word; other replies say why they are held back; nothing is logged
 * but that it happened.
 */
static void
test_guard_holds_replies_back(void **state)
{
	static const char *const want[] = {
		"Lama pinjaman tidak dikenali. Ketik PINJAM, jumlah, lama (bulan),"
		    " PIN Anda; mis. PINJAM 2jt 12 1234.",
		"Balasan tidak ditampilkan karena memuat angka PIN Anda. Demi"
		    " keamanan, ganti PIN: PIN PIN_LAMA PIN_BARU",
		"Ada pemberitahuan untuk Anda yang tidak dapat dikirim lewat"
		    " SMS. Hubungi pengurus koperasi.",
		"Balasan tidak ditampilkan karena memuat angka yang mungkin PIN"
		    " Anda. Ketik BANTUAN untuk daftar perintah.",
		"Saldo Rp2.580. Ref R002580.",
	};
	struct fixture *f = cooperative();
	struct hctx ctx;
	struct parsed p;
	struct capture cap;
	sqlite3_stmt *st;
	char *log, where[1400];
	int i = 0;

	(void)state;
	hctx_from_env(&f->env, &ctx);
	ctx.sender = "+6281300000001";
	assert_int_equal(member_by_phone(&f->db, ctx.sender, &ctx.me), 1);
	ctx.registered = 1;
	ctx.cmd = &p;

	assert_int_equal(parse_command("PINJAM 1jt 9999,", 16, &p), -1);
	assert_int_equal(reply_is_safe(&ctx, "Lama pinjaman \"9999,\""),
	    REPLY_SHOWS_TYPED);
	assert_int_equal(reply_is_safe(&ctx, "Jatuh tempo 2580"), REPLY_SHOWS_PIN);
	assert_int_equal(reply_is_safe(&ctx, "Kode S2580."), REPLY_SHOWS_PIN);
	/* Only a whole run of 4-6 digits is a PIN; Rp2.580 is money. */
	assert_int_equal(reply_is_safe(&ctx, "Saldo Rp2.580, Ref R002580, 12580,"
	    " 2580123, 99990"), REPLY_SAFE);

	capture_start(f, &cap);
	assert_int_equal(reply(&ctx, "Lama pinjaman \"%s\" tidak dikenali.",
	    "9999,"), 0);
	assert_int_equal(parse_command("SALDO 2580", 10, &p), 0);
	assert_int_equal(reply(&ctx, "Setoran kode %s.", "S2580"), 0);
	assert_int_equal(notify(&ctx, "+6281100000004", PRIO_ALERT,
	    "Setoran kode S%s.", "2580"), 0);
	assert_int_equal(parse_command("HARGA gula 1357", 15, &p), 0);
	assert_int_equal(reply(&ctx, "Harga \"%s\" tidak ada.", p.item), 0);
	assert_int_equal(reply(&ctx, "Saldo %s. Ref %s.", "Rp2.580", "R002580"), 0);
	log = capture_end(&cap);
	assert_null(strstr(log, "2580"));
	assert_null(strstr(log, "9999"));
	assert_null(strstr(log, "1357"));
	assert_non_null(strstr(log, HELD));

	assert_int_equal(sqlite3_prepare_v2(f->db.h, "SELECT text FROM outbox"
	    " WHERE inbox_id IS NULL ORDER BY id", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		assert_true(i < 5);
		assert_string_equal(sqlite3_column_text(st, 0), want[i]);
		i++;
	}
	sqlite3_finalize(st);
	assert_int_equal(i, 5);
	assert_false(db_holds(f, "9999", where, sizeof(where)));
	assert_false(db_holds(f, "1357", where, sizeof(where)));
	free(log);
	fixture_close(f);
}

/*
 * A message the handlers could not finish is marked failed for the
 * operator, and its stored text loses the PIN like any other.  The fault
 * is a real SQLite refusal: the outbox will not take a row.
 */
static void
test_failed_message_is_redacted(void **state)
{
	struct fixture *f = cooperative();
	struct received_sms r;
	struct capture cap;
	char text[] = "SALDO 2580", stored[1100], where[1400], *log;
	sqlite3_stmt *st;

	(void)state;
	assert_int_equal(sqlite3_exec(f->db.h, "CREATE TEMP TRIGGER full"
	    " BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk full');"
	    " END", NULL, NULL, NULL), SQLITE_OK);
	memset(&r, 0, sizeof(r));
	r.modem = "gsm0";
	r.sender = SITI;
	r.smsc_time = f->now;
	r.text = text;
	f->env.now = f->now;
	capture_start(f, &cap);
	assert_int_equal(pipeline_store(&f->db, &f->key, &r, 1, f->now), 0);
	assert_int_equal(pipeline_process(&f->env, 10), 1);
	log = capture_end(&cap);
	assert_null(strstr(log, "2580"));
	free(log);
	assert_int_equal(sqlite3_prepare_v2(f->db.h, "SELECT state FROM inbox"
	    " ORDER BY id DESC LIMIT 1", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal(sqlite3_column_text(st, 0), "gagal");
	sqlite3_finalize(st);
	assert_string_equal(inbox_text(f, stored, sizeof(stored)), "SALDO ****");
	assert_false(db_holds(f, "2580", where, sizeof(where)));
	fixture_close(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_pin_anywhere),
		cmocka_unit_test(test_guard_holds_replies_back),
		cmocka_unit_test(test_failed_message_is_redacted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
