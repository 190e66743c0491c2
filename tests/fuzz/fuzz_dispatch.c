/*
 * The whole path of an SMS, as `kopdesctl sim` takes it, on a cooperative
 * seeded once: officers, members with PINs and savings, an active loan, an
 * application and a pending deposit waiting, a price list.  Each input is
 * restored to that state first, so a finding replays alone.
 *
 * An input is one to MSGS_MAX messages separated by NUL bytes.  The first
 * byte of each picks who sends it (low three bits, see senders[]) and how
 * far the clock moves first (the next three bits, see steps[]; the digits
 * '0'..'7' are the eight senders with no move).  The rest is the text.
 *
 * After every message: the books pass `ledger check`, and the sender's
 * PIN shows in no reply, stored text or audit line (check_no_pin).  Set
 * FUZZ_NO_PIN_ORACLE to look for everything else while a leak is known.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "tests/fuzz/fuzz.h"
#include "tests/support/support.h"

#define MSGS_MAX	16
#define DAY		86400

const char *const fuzz_corpus_dirs[] = {
	"tests/fuzz/corpus/dispatch", "tests/fuzz/crashes/dispatch", NULL
};

struct sender {
	const char	*number, *phone, *name, *role, *pin;
};

static const struct sender senders[8] = {
	{ "A017", "081300000001", "Siti Aminah", "anggota", "2580" },
	{ "A018", "081300000002", "Budi Santoso", "anggota", "7391" },
	{ "A019", "081300000003", "Wati", "anggota", NULL },	/* no PIN yet */
	{ "K001", "081100000001", "Agus Salim", "kasir", "5303" },
	{ "B001", "081100000002", "Dewi Lestari", "bendahara", "5202" },
	{ "A001", "081100000003", "Haji Sutrisno", "ketua", "5101" },
	{ NULL, "081299998888", NULL, NULL, NULL },	/* not a member */
	{ NULL, "TELKOMSEL", NULL, NULL, NULL },	/* operator promotions */
};

static const long steps[8] = {
	60, 3600, DAY, 31 * DAY, 92 * DAY, 10, 0, 7 * DAY
};

static struct fixture *fx;
static sqlite3 *seeded;		/* the state every input starts from */

static void
fail(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_dispatch: %s%s%s\n", what, detail ? ": " : "",
	    detail ? detail : "");
	abort();
}

static void
seed_sms(const char *from, const char *text)
{
	if (fixture_sms(fx, from, text) < 1)
		fail("seeding got no reply to", text);
}

static void
seed_code(const char *sql, char *out, size_t len)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(fx->db.h, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW)
		fail("seeding found nothing for", sql);
	snprintf(out, len, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

static int
copy_db(sqlite3 *to, sqlite3 *from)
{
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	int rc;

	if (b == NULL)
		return -1;
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	return rc == SQLITE_DONE ? 0 : -1;
}

static void
cleanup(void)
{
	if (seeded != NULL)
		sqlite3_close(seeded);
	if (fx != NULL)
		fixture_close(fx);
}

static void
seed(void)
{
	char code[32], text[64];
	int i;

	fx = fixture_open();
	atexit(cleanup);
	/*
	 * A power cut is not what is fuzzed here: without an fsync per commit
	 * the same statements run some fifty times as often.
	 */
	if (sqlite3_exec(fx->db.h, "PRAGMA synchronous=OFF", NULL, NULL, NULL) !=
	    SQLITE_OK)
		fail("setting synchronous", sqlite3_errmsg(fx->db.h));
	for (i = 0; senders[i].number != NULL; i++)
		fixture_member(fx, senders[i].number, senders[i].phone,
		    senders[i].name, senders[i].role, senders[i].pin);
	if (price_set(&fx->db, "Beras Premium", 14500, "kg", 0, fx->now) == -1 ||
	    price_set(&fx->db, "Gula Pasir", 17500, "kg", 0, fx->now) == -1 ||
	    price_set(&fx->db, "Minyak Goreng", 15700, "liter", 0, fx->now) == -1)
		fail("seeding prices", NULL);
	seed_sms("081100000001", "SIMPAN A017 500rb 5303");
	seed_sms("081100000001", "SIMPAN A018 1jt POKOK 5303");
	seed_sms("081100000001", "SIMPAN A001 2jt 5303");
	/* Budi's loan, approved and running; Siti's application waiting. */
	seed_sms("081300000002", "PINJAM 1jt 6 7391");
	seed_code("SELECT code FROM loans WHERE state = 'diajukan'", code,
	    sizeof(code));
	snprintf(text, sizeof(text), "SETUJU %s 5101", code);
	seed_sms("081100000003", text);
	seed_sms("081300000001", "PINJAM 500rb 3 2580");
	/* Siti's deposit, announced but not yet received. */
	seed_sms("081300000001", "SIMPAN 50rb WAJIB 2580");
	if (fixture_ledger_problems(fx) != 0)
		fail("the seeded books do not check", NULL);
	if (sqlite3_open(":memory:", &seeded) != SQLITE_OK ||
	    copy_db(seeded, fx->db.h) == -1)
		fail("keeping the seeded state", sqlite3_errmsg(seeded));
}

static void
ledger_problem(const char *problem, void *arg)
{
	fprintf(stderr, "fuzz_dispatch: after \"%s\": %s\n", (const char *)arg,
	    problem);
}

static int
letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/*
 * How often pin stands in s as a number of its own: not inside a longer
 * one, nor the digits of a member number or code (A5303, P0007), which
 * are one to three letters starting a word.  Glued to a longer word it
 * counts: saldo2580 is a PIN sent with its keyword.
 */
static int
pin_count(const char *s, const char *pin)
{
	size_t n = strlen(pin);
	const char *p, *w;
	int count = 0;

	for (p = s; (p = strstr(p, pin)) != NULL; p++) {
		if ((p > s && p[-1] >= '0' && p[-1] <= '9') ||
		    (p[n] >= '0' && p[n] <= '9'))
			continue;
		for (w = p; w > s && letter(w[-1]); w--)
			;
		if (p - w >= 1 && p - w <= 3)
			continue;
		count++;
	}
	return count;
}

/*
 * The sender's PIN, which she may type anywhere in her message: no reply
 * and no audit line or memo may show it, and the stored copy of her text
 * must have hidden it.  Where she typed those digits more than once the
 * gateway can only tell one of them for the PIN, so the others may stay
 * (SIMPAN 2580 2580 is a deposit of Rp2.580).  Other members' PINs are
 * not watched: to the sender they are just numbers.
 */
static void
check_no_pin(const struct sender *s, const char *sent, int64_t inbox_id)
{
	static const char *const sql =
	    "SELECT 'reply', text, 0 FROM outbox WHERE inbox_id = ?1 UNION ALL"
	    " SELECT 'stored', text, 1 FROM inbox WHERE id = ?1 UNION ALL"
	    " SELECT 'audit', detail, 0 FROM audit WHERE detail IS NOT NULL"
	    " UNION ALL"
	    " SELECT 'memo', memo, 0 FROM journal WHERE memo IS NOT NULL";
	sqlite3_stmt *st;
	const char *where, *text;
	int typed, allowed;

	if (s->pin == NULL || getenv("FUZZ_NO_PIN_ORACLE") != NULL)
		return;
	typed = pin_count(sent, s->pin);
	if (sqlite3_prepare_v2(fx->db.h, sql, -1, &st, NULL) != SQLITE_OK)
		fail("reading stored texts", sqlite3_errmsg(fx->db.h));
	sqlite3_bind_int64(st, 1, inbox_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		where = (const char *)sqlite3_column_text(st, 0);
		text = (const char *)sqlite3_column_text(st, 1);
		allowed = sqlite3_column_int(st, 2) && typed > 1 ? typed - 1 : 0;
		if (pin_count(text, s->pin) > allowed) {
			fprintf(stderr, "fuzz_dispatch: after \"%s\" from %s the %s"
			    " text \"%s\" shows her PIN\n", sent, s->number, where,
			    text);
			abort();
		}
	}
	sqlite3_finalize(st);
}

/* With FUZZ_REPLAY_VERBOSE, each message and what it caused. */
static void
show(const struct sender *s, const char *text, int64_t inbox_id)
{
	sqlite3_stmt *st;

	fprintf(stderr, "  %s: %s\n", s->phone, text);
	if (sqlite3_prepare_v2(fx->db.h, "SELECT phone, text FROM outbox"
	    " WHERE inbox_id = ?1 OR inbox_id IS NULL AND created_at = ?2"
	    " ORDER BY id", -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_int64(st, 1, inbox_id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)fx->now);
	while (sqlite3_step(st) == SQLITE_ROW)
		fprintf(stderr, "    -> %s: %s\n", sqlite3_column_text(st, 0),
		    sqlite3_column_text(st, 1));
	sqlite3_finalize(st);
}

static void
one_message(const uint8_t *m, size_t len)
{
	const struct sender *s = &senders[m[0] & 7];
	char text[1200];
	int64_t id;
	long step = steps[(m[0] >> 3) & 7];

	/* Longer than any SMS can be after concatenation; the rest is cut. */
	len = len - 1 < sizeof(text) - 1 ? len - 1 : sizeof(text) - 1;
	memcpy(text, m + 1, len);
	text[len] = '\0';
	fx->now += step;
	fx->env.now = fx->now;
	/* What the daemon's timers would have done by then, as it does them. */
	if (step >= DAY) {
		if (db_begin(&fx->db) == -1 || reminders_run(&fx->env) == -1 ||
		    summary_run(&fx->env) == -1 || db_commit(&fx->db) == -1)
			fail("the day's reminders and summary failed", NULL);
	}
	if (sim_message(&fx->env, s->phone, text, &id) == -1)
		fail("not handled", text);
	if (getenv("FUZZ_REPLAY_VERBOSE") != NULL)
		show(s, text, id);
	if (ledger_check(&fx->db, ledger_problem, text) != 0)
		fail("the books do not check", text);
	check_no_pin(s, text, id);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static time_t start;
	size_t i = 0, end;
	int n = 0;

	if (fx == NULL) {
		seed();
		start = fx->now;
	}
	if (copy_db(fx->db.h, seeded) == -1)
		fail("restoring the seeded state", sqlite3_errmsg(fx->db.h));
	fx->now = start;
	while (i < size && n < MSGS_MAX) {
		for (end = i; end < size && data[end] != '\0'; end++)
			;
		if (end > i) {
			one_message(data + i, end - i);
			n++;
		}
		i = end + 1;
	}
	return 0;
}
