/*
 * Savings by SMS (SPEC §3): SALDO, an officer's SIMPAN, a member's
 * announced deposit and its TERIMA, and TARIK.  Each test reads what the
 * people involved would read on their phones and then the books.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tests/support/support.h"

#define KASIR	"081200000001"	/* A001 Budi, PIN 9911 */
#define BEND1	"081200000002"	/* A002 Ani, PIN 2233 */
#define BEND2	"081200000003"	/* A003 Dewi, PIN 4455 */
#define KETUA	"081200000004"	/* A004 Joko, PIN 6677 */
#define SITI	"081234567890"	/* A017 Siti, PIN 1234 */
#define AGUS	"081234567891"	/* A018 Agus, PIN 5678 */

static struct fixture *
coop_open(void)
{
	struct fixture *f = fixture_open();

	fixture_member(f, "A001", KASIR, "Budi Santoso", "kasir", "9911");
	fixture_member(f, "A002", BEND1, "Ani Lestari", "bendahara", "2233");
	fixture_member(f, "A003", BEND2, "Dewi", "bendahara", "4455");
	fixture_member(f, "A004", KETUA, "Joko", "ketua", "6677");
	fixture_member(f, "A017", SITI, "Siti Aminah", "anggota", "1234");
	fixture_member(f, "A018", AGUS, "Agus", "anggota", "5678");
	return f;
}

/* Sends text and checks that every SMS it caused fits in one SMS. */
static int
sms(struct fixture *f, const char *from, const char *text)
{
	int n = fixture_sms(f, from, text), i, units;

	assert_true(n >= 0);
	for (i = 0; i < n; i++) {
		units = sms_units(f->sms[i].text);
		if (units < 1 || units > 160)
			fail_msg("SMS to %s is %d units: %s", f->sms[i].phone,
			    units, f->sms[i].text);
		assert_null(strstr(f->sms[i].text, "9911"));
		assert_null(strstr(f->sms[i].text, "2233"));
		assert_null(strstr(f->sms[i].text, "1234 "));
	}
	return n;
}

static int
count_to(struct fixture *f, const char *phone)
{
	char e164[24];
	int i, n = 0;

	assert_int_equal(phone_normalize(phone, e164, sizeof(e164)), 0);
	for (i = 0; i < f->nsms; i++)
		if (strcmp(f->sms[i].phone, e164) == 0)
			n++;
	return n;
}

static int
prio_to(struct fixture *f, const char *phone)
{
	char e164[24];
	int i;

	assert_int_equal(phone_normalize(phone, e164, sizeof(e164)), 0);
	for (i = 0; i < f->nsms; i++)
		if (strcmp(f->sms[i].phone, e164) == 0)
			return f->sms[i].priority;
	fail_msg("no SMS to %s", phone);
	return -1;
}

/* The text sent to phone, which must exist. */
static const char *
to(struct fixture *f, const char *phone)
{
	const char *t = fixture_sms_to(f, phone);

	if (t == NULL)
		fail_msg("no SMS to %s", phone);
	return t;
}

#define assert_has(text, what) do {					\
	if (strstr((text), (what)) == NULL)				\
		fail_msg("\"%s\" not in \"%s\"", (what), (text));	\
} while (0)

/* The reference an SMS names (R000012), copied into ref. */
static void
ref_in(const char *text, char ref[LEDGER_REF_LEN])
{
	const char *p = strstr(text, "Ref R");

	if (p == NULL)
		fail_msg("no reference in \"%s\"", text);
	p += 4;
	assert_int_equal(strspn(p + 1, "0123456789"), 6);
	snprintf(ref, LEDGER_REF_LEN, "%.7s", p);
}

struct jrow {
	int64_t		 id;
	char		 kind[16];
	int64_t		 member_id, officer_id, inbox_id;
};

static int64_t
query_int(struct fixture *f, const char *sql, const char *arg)
{
	sqlite3_stmt *st;
	int64_t v = -1;

	if (sqlite3_prepare_v2(f->db.h, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(f->db.h));
	if (arg != NULL)
		sqlite3_bind_text(st, 1, arg, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void
journal_by_ref(struct fixture *f, const char *ref, struct jrow *j)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(f->db.h, "SELECT id, kind, ifnull(member_id, 0),"
	    " ifnull(officer_id, 0), ifnull(inbox_id, 0) FROM journal"
	    " WHERE ref = ?", -1, &st, NULL) != SQLITE_OK)
		fail_msg("journal: %s", sqlite3_errmsg(f->db.h));
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_ROW)
		fail_msg("no journal entry %s", ref);
	j->id = sqlite3_column_int64(st, 0);
	snprintf(j->kind, sizeof(j->kind), "%s", sqlite3_column_text(st, 1));
	j->member_id = sqlite3_column_int64(st, 2);
	j->officer_id = sqlite3_column_int64(st, 3);
	j->inbox_id = sqlite3_column_int64(st, 4);
	sqlite3_finalize(st);
}

static int64_t
id_of(struct fixture *f, const char *number)
{
	struct member m;

	assert_int_equal(member_by_number(&f->db, number, &m), 1);
	return m.id;
}

/* Every balance, the journal and the pending deposits, as one string. */
static char *
books(struct fixture *f)
{
	sqlite3_stmt *st;
	char *s;

	if (sqlite3_prepare_v2(f->db.h, "SELECT (SELECT group_concat(id || '='"
	    " || balance) FROM accounts) || '|' || (SELECT count(*) FROM journal)"
	    " || '|' || (SELECT count(*) FROM journal_lines) || '|' ||"
	    " (SELECT ifnull(group_concat(code || state || ifnull(journal_id, '')),"
	    " '') FROM pending_deposits)", -1, &st, NULL) != SQLITE_OK)
		fail_msg("books: %s", sqlite3_errmsg(f->db.h));
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	s = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	assert_non_null(s);
	return s;
}

/* A refusal: one reply to the sender holding why, and the books as before. */
static void
refused(struct fixture *f, const char *from, const char *text,
    const char *why)
{
	char *before = books(f), *after;

	assert_int_equal(sms(f, from, text), 1);
	assert_int_equal(count_to(f, from), 1);
	assert_int_equal(prio_to(f, from), PRIO_REPLY);
	assert_has(to(f, from), why);
	assert_null(strstr(to(f, from), "Ref R"));
	after = books(f);
	assert_string_equal(before, after);
	free(before);
	free(after);
	assert_int_equal(fixture_ledger_problems(f), 0);
}

/* A loan paid out of kas, as SETUJU leaves it, without going through SMS. */
static void
loan_disbursed(struct fixture *f, const char *number, int64_t principal)
{
	struct loan l;
	struct instalment in;
	struct ledger_entry e;
	struct ledger_line lines[2];
	char ref[LEDGER_REF_LEN];

	memset(&l, 0, sizeof(l));
	l.member_id = id_of(f, number);
	l.principal = principal;
	l.months = 1;
	l.rate_bp = 150;
	l.state = LOAN_DIAJUKAN;
	l.applied_at = f->now;
	assert_int_equal(loan_insert(&f->db, &l), 0);
	assert_int_equal(loan_decide(&f->db, l.id, LOAN_AKTIF, id_of(f, "A004"),
	    "2026-11-23", f->now), 0);
	memset(&in, 0, sizeof(in));
	in.loan_id = l.id;
	in.seq = 1;
	snprintf(in.due_on, sizeof(in.due_on), "2026-12-23");
	in.principal = principal;
	in.interest = principal * 150 / 10000;
	assert_int_equal(instalment_insert(&f->db, &in), 0);
	memset(lines, 0, sizeof(lines));
	assert_int_equal(account_id(&f->db, "piutang_pinjaman", l.member_id,
	    &lines[0].account_id), 1);
	assert_int_equal(account_id(&f->db, "kas", 0, &lines[1].account_id), 1);
	lines[0].debit = principal;
	lines[1].credit = principal;
	memset(&e, 0, sizeof(e));
	e.kind = "pencairan";
	e.memo = "pencairan pinjaman";
	e.member_id = l.member_id;
	e.at = f->now;
	assert_int_equal(ledger_post(&f->db, &e, lines, 2, NULL, ref), 0);
}

static void
test_saldo(void **state)
{
	struct fixture *f = coop_open();

	(void)state;
	assert_int_equal(sms(f, SITI, "SALDO 1234"), 1);
	assert_string_equal(to(f, SITI), "Saldo A017 Siti: Pokok Rp0, Wajib Rp0,"
	    " Sukarela Rp0. Total Rp0. Pinjaman Rp0.");
	assert_int_equal(prio_to(f, SITI), PRIO_REPLY);

	assert_int_equal(sms(f, KASIR, "SIMPAN A017 100000 POKOK 9911"), 4);
	assert_int_equal(sms(f, KASIR, "SIMPAN A017 50000 WAJIB 9911"), 4);
	assert_int_equal(sms(f, KASIR, "SIMPAN A017 150000 9911"), 4);
	assert_int_equal(sms(f, SITI, "saldo 1234"), 1);
	assert_string_equal(to(f, SITI), "Saldo A017 Siti: Pokok Rp100.000,"
	    " Wajib Rp50.000, Sukarela Rp150.000. Total Rp300.000."
	    " Pinjaman Rp0.");

	/* CEK is SALDO; an officer is a member with her own savings. */
	assert_int_equal(sms(f, KASIR, "CEK#9911"), 1);
	assert_string_equal(to(f, KASIR), "Saldo A001 Budi: Pokok Rp0, Wajib Rp0,"
	    " Sukarela Rp0. Total Rp0. Pinjaman Rp0.");

	/* The loan is what is left to pay, as TAGIHAN says it, principal named. */
	loan_disbursed(f, "A018", 200000);
	assert_int_equal(sms(f, AGUS, "cek 5678"), 1);
	assert_has(to(f, AGUS), "Saldo A018 Agus:");
	assert_has(to(f, AGUS), "Total Rp0. Sisa pinjaman Rp203.000 (pokok"
	    " Rp200.000).");
	assert_int_equal(sms(f, AGUS, "TAGIHAN 5678"), 1);
	assert_has(to(f, AGUS), "Sisa pinjaman Rp203.000.");
	assert_int_equal(fixture_ledger_problems(f), 0);

	/* Wrong PIN: no balances given. */
	assert_int_equal(sms(f, SITI, "SALDO 4321"), 1);
	assert_null(strstr(to(f, SITI), "Rp"));
	fixture_close(f);
}

static void
test_simpan_officer(void **state)
{
	struct fixture *f = coop_open();
	char ref[LEDGER_REF_LEN], ref2[LEDGER_REF_LEN];
	struct jrow j;
	const char *t;

	(void)state;
	assert_int_equal(sms(f, KASIR, "SIMPAN A017 50000 9911"), 4);

	/* The kasir's receipt names the member, the sum, the type, the ref. */
	t = to(f, KASIR);
	assert_int_equal(count_to(f, KASIR), 1);
	assert_int_equal(prio_to(f, KASIR), PRIO_REPLY);
	assert_has(t, "A017 Siti");
	assert_has(t, "Rp50.000");
	assert_has(t, "sukarela");
	ref_in(t, ref);

	/* Siti: the sum, her new sukarela balance, the same ref; an alert. */
	t = to(f, SITI);
	assert_int_equal(count_to(f, SITI), 1);
	assert_int_equal(prio_to(f, SITI), PRIO_ALERT);
	assert_has(t, "Rp50.000");
	assert_has(t, "Saldo sukarela Anda Rp50.000");
	ref_in(t, ref2);
	assert_string_equal(ref, ref2);

	/* Every bendahara is alerted with who recorded it; nobody else. */
	t = to(f, BEND1);
	assert_int_equal(prio_to(f, BEND1), PRIO_ALERT);
	assert_has(t, "A017 Siti");
	assert_has(t, "Rp50.000");
	assert_has(t, "sukarela");
	assert_has(t, "kasir A001 Budi");
	ref_in(t, ref2);
	assert_string_equal(ref, ref2);
	assert_string_equal(to(f, BEND2), t);
	assert_int_equal(prio_to(f, BEND2), PRIO_ALERT);
	assert_int_equal(count_to(f, KETUA), 0);
	assert_int_equal(count_to(f, AGUS), 0);

	/* The books: kas up, her sukarela up, one entry naming both people. */
	assert_int_equal(fixture_balance(f, "A017", "simpanan_sukarela"), 50000);
	assert_int_equal(fixture_balance(f, "A017", "simpanan_pokok"), 0);
	assert_int_equal(fixture_balance(f, "A017", "simpanan_wajib"), 0);
	assert_int_equal(fixture_kas(f), 50000);
	assert_int_equal(fixture_count(f, "journal"), 1);
	journal_by_ref(f, ref, &j);
	assert_string_equal(j.kind, "setoran");
	assert_int_equal(j.member_id, id_of(f, "A017"));
	assert_int_equal(j.officer_id, id_of(f, "A001"));
	assert_true(j.inbox_id > 0);
	assert_int_equal(query_int(f, "SELECT count(*) FROM journal_lines"
	    " WHERE journal_id = (SELECT id FROM journal WHERE ref = ?)", ref), 2);
	assert_int_equal(fixture_ledger_problems(f), 0);

	/* A second deposit: the balance she reads is the running one. */
	assert_int_equal(sms(f, KASIR, "SETOR A017 25000 9911"), 4);
	assert_has(to(f, SITI), "Saldo sukarela Anda Rp75.000");
	ref_in(to(f, SITI), ref2);
	assert_string_not_equal(ref, ref2);
	assert_int_equal(fixture_balance(f, "A017", "simpanan_sukarela"), 75000);
	assert_int_equal(fixture_kas(f), 75000);
	assert_int_equal(fixture_count(f, "journal"), 2);
	assert_int_equal(fixture_ledger_problems(f), 0);
	fixture_close(f);
}

static void
test_simpan_types_and_amounts(void **state)
{
	struct fixture *f = coop_open();

	(void)state;
	assert_int_equal(sms(f, KASIR, "SETOR A017 100rb POKOK 9911"), 4);
	assert_has(to(f, KASIR), "Rp100.000 simpanan pokok");
	assert_has(to(f, SITI), "Saldo pokok Anda Rp100.000");
	assert_has(to(f, BEND1), "simpanan pokok");

	assert_int_equal(sms(f, KASIR, "simpan a017 50.000 wajib 9911"), 4);
	assert_has(to(f, SITI), "Saldo wajib Anda Rp50.000");

	assert_int_equal(sms(f, KASIR, "SIMPAN A017 50rb SUKARELA 9911"), 4);
	assert_has(to(f, SITI), "Saldo sukarela Anda Rp50.000");
	assert_int_equal(sms(f, KASIR, "SIMPAN#A017#Rp1.250.000#9911."), 4);
	assert_has(to(f, SITI), "Rp1.250.000");
	assert_has(to(f, SITI), "Saldo sukarela Anda Rp1.300.000");

	assert_int_equal(fixture_balance(f, "A017", "simpanan_pokok"), 100000);
	assert_int_equal(fixture_balance(f, "A017", "simpanan_wajib"), 50000);
	assert_int_equal(fixture_balance(f, "A017", "simpanan_sukarela"), 1300000);
	assert_int_equal(fixture_kas(f), 1450000);
	assert_int_equal(fixture_count(f, "journal"), 4);
	assert_int_equal(fixture_ledger_problems(f), 0);
	fixture_close(f);
}

static void
test_simpan_member_by_phone(void **state)
{
	struct fixture *f = coop_open();
	struct jrow j;
	char ref[LEDGER_REF_LEN];

	(void)state;
	assert_int_equal(sms(f, KASIR, "SIMPAN 081234567890 50000 9911"), 4);
	assert_has(to(f, KASIR), "A017 Siti");
	assert_has(to(f, SITI), "Saldo sukarela Anda Rp50.000");
	ref_in(to(f, SITI), ref);
	journal_by_ref(f, ref, &j);
	assert_int_equal(j.member_id, id_of(f, "A017"));

	assert_int_equal(sms(f, BEND1, "SIMPAN +6281234567890 20000 WAJIB 2233"), 3);
	assert_has(to(f, SITI), "Saldo wajib Anda Rp20.000");
	assert_int_equal(fixture_balance(f, "A017", "simpanan_sukarela"), 50000);
	assert_int_equal(fixture_balance(f, "A017", "simpanan_wajib"), 20000);
	assert_int_equal(fixture_balance(f, "A018", "simpanan_sukarela"), 0);
	assert_int_equal(fixture_ledger_problems(f), 0);
	fixture_close(f);
}

static void
test_simpan_who_gets_what(void **state)
{
	struct fixture *f = coop_open();
	struct jrow j;
	char ref[LEDGER_REF_LEN];

	(void)state;
	/* A bendahara recording: her receipt only, the other bendahara alerted. */
	assert_int_equal(sms(f, BEND1, "SIMPAN A017 30000 2233"), 3);
	assert_int_equal(count_to(f, BEND1), 1);
	assert_int_equal(prio_to(f, BEND1), PRIO_REPLY);
	assert_has(to(f, BEND1), "A017 Siti Rp30.000");
	assert_int_equal(count_to(f, SITI), 1);
	assert_has(to(f, BEND2), "bendahara A002 Ani");
	assert_int_equal(count_to(f, KASIR), 0);

	/* A kasir depositing for herself: one SMS with her new balance. */
	assert_int_equal(sms(f, KASIR, "SIMPAN A001 40000 9911"), 3);
	assert_int_equal(count_to(f, KASIR), 1);
	assert_int_equal(prio_to(f, KASIR), PRIO_REPLY);
	assert_has(to(f, KASIR), "A001 Budi Rp40.000");
	assert_has(to(f, KASIR), "Saldo sukarela Rp40.000");
	ref_in(to(f, KASIR), ref);
	journal_by_ref(f, ref, &j);
	assert_int_equal(j.member_id, id_of(f, "A001"));
	assert_int_equal(j.officer_id, id_of(f, "A001"));
	assert_has(to(f, BEND1), "A001 Budi");
	assert_has(to(f, BEND2), "A001 Budi");

	/* A bendahara for herself: her receipt, the other one alerted. */
	assert_int_equal(sms(f, BEND2, "SIMPAN A003 10000 WAJIB 4455"), 2);
	assert_int_equal(count_to(f, BEND2), 1);
	assert_has(to(f, BEND2), "Saldo wajib Rp10.000");
	assert_has(to(f, BEND1), "A003 Dewi");

	/* A bendahara as the member: her confirmation, not also the alert. */
	assert_int_equal(sms(f, KASIR, "SIMPAN A002 15000 9911"), 3);
	assert_int_equal(count_to(f, BEND1), 1);
	assert_int_equal(prio_to(f, BEND1), PRIO_ALERT);
	assert_has(to(f, BEND1), "Saldo sukarela Anda Rp15.000");
	assert_has(to(f, BEND2), "A002 Ani");

	assert_int_equal(fixture_kas(f), 95000);
	assert_int_equal(fixture_balance(f, "A001", "simpanan_sukarela"), 40000);
	assert_int_equal(fixture_balance(f, "A003", "simpanan_wajib"), 10000);
	assert_int_equal(fixture_balance(f, "A002", "simpanan_sukarela"), 15000);
	assert_int_equal(fixture_count(f, "journal"), 4);
	assert_int_equal(fixture_ledger_problems(f), 0);
	fixture_close(f);
}

static void
test_simpan_refusals(void **state)
{
	struct fixture *f = coop_open();

	(void)state;
	assert_int_equal(sms(f, KASIR, "SIMPAN A017 50000 9911"), 4);

	/* Only kasir and bendahara take cash for someone. */
	refused(f, SITI, "SIMPAN A018 50000 1234", "kasir/bendahara");
	assert_has(to(f, SITI), "mis. SIMPAN 50rb");
	refused(f, SITI, "SIMPAN A017 50000 1234", "kasir/bendahara");
	refused(f, KETUA, "SIMPAN A017 50000 6677", "kasir/bendahara");

	refused(f, KASIR, "SIMPAN A099 50000 9911", "A099 tidak terdaftar");
	refused(f, KASIR, "SIMPAN 081299999999 50000 9911", "tidak terdaftar");
	refused(f, KASIR, "SIMPAN A017 50000 9912", "PIN salah");

	assert_int_equal(fixture_balance(f, "A017", "simpanan_sukarela"), 50000);
	assert_int_equal(fixture_kas(f), 50000);
	assert_int_equal(fixture_count(f, "journal"), 1);
	assert_int_equal(fixture_count(f, "pending_deposits"), 0);
	fixture_close(f);
}

static void
test_simpan_announce(void **state)
{
	struct fixture *f = coop_open();
	const char *t;

	(void)state;
	assert_int_equal(sms(f, SITI, "SIMPAN 50000 1234"), 4);
	t = to(f, SITI);
	assert_int_equal(prio_to(f, SITI), PRIO_REPLY);
	assert_has(t, "Rp50.000");
	assert_has(t, "sukarela");
	assert_has(t, "Bawa uang ke kasir, sebut kode S0001");
	assert_null(strstr(t, "Ref R"));

	/* Who takes cash is told how to confirm it; nobody else is. */
	t = to(f, KASIR);
	assert_int_equal(prio_to(f, KASIR), PRIO_ALERT);
	assert_has(t, "S0001");
	assert_has(t, "A017 Siti");
	assert_has(t, "Rp50.000");
	assert_has(t, "sukarela");
	assert_has(t, "TERIMA S0001 PIN");
	assert_string_equal(to(f, BEND1), t);
	assert_string_equal(to(f, BEND2), t);
	assert_int_equal(prio_to(f, BEND2), PRIO_ALERT);
	assert_int_equal(count_to(f, KETUA), 0);
	assert_int_equal(count_to(f, AGUS), 0);

	/* Nothing posts before the cash is in hand. */
	assert_int_equal(fixture_count(f, "journal"), 0);
	assert_int_equal(fixture_kas(f), 0);
	assert_int_equal(fixture_balance(f, "A017", "simpanan_sukarela"), 0);
	assert_int_equal(query_int(f, "SELECT count(*) FROM pending_deposits"
	    " WHERE code = ? AND state = 'menunggu' AND amount = 50000 AND"
	    " type = 'sukarela' AND journal_id IS NULL", "S0001"), 1);

	assert_int_equal(sms(f, SITI, "SETOR 25rb WAJIB 1234"), 4);
	assert_has(to(f, SITI), "kode S0002");
	assert_has(to(f, SITI), "Rp25.000 simpanan wajib");
	assert_has(to(f, KASIR), "TERIMA S0002 PIN");

	/* A kasir announcing her own deposit is not alerted about it. */
	assert_int_equal(sms(f, KASIR, "SIMPAN 10000 9911"), 3);
	assert_int_equal(count_to(f, KASIR), 1);
	assert_int_equal(prio_to(f, KASIR), PRIO_REPLY);
	assert_has(to(f, KASIR), "S0003");
	assert_has(to(f, BEND1), "A001 Budi");

	assert_int_equal(fixture_count(f, "pending_deposits"), 3);
	assert_int_equal(fixture_count(f, "journal"), 0);
	assert_int_equal(fixture_kas(f), 0);
	fixture_close(f);
}

static void
test_terima(void **state)
{
	struct fixture *f = coop_open();
	char ref[LEDGER_REF_LEN], ref2[LEDGER_REF_LEN];
	struct jrow j;
	const char *t;

	(void)state;
	assert_int_equal(sms(f, SITI, "SIMPAN 50000 1234"), 4);
	assert_int_equal(sms(f, SITI, "SIMPAN 20000 WAJIB 1234"), 4);

	assert_int_equal(sms(f, KASIR, "TERIMA S0001 9911"), 4);
	t = to(f, KASIR);
	assert_int_equal(count_to(f, KASIR), 1);
	assert_int_equal(prio_to(f, KASIR), PRIO_REPLY);
	assert_has(t, "S0001");
	assert_has(t, "A017 Siti");
	assert_has(t, "Rp50.000");
	ref_in(t, ref);
	t = to(f, SITI);
	assert_int_equal(prio_to(f, SITI), PRIO_ALERT);
	assert_has(t, "Rp50.000");
	assert_has(t, "Saldo sukarela Anda Rp50.000");
	ref_in(t, ref2);
	assert_string_equal(ref, ref2);
	assert_has(to(f, BEND1), "kasir A001 Budi");
	ref_in(to(f, BEND2), ref2);
	assert_string_equal(ref, ref2);

	journal_by_ref(f, ref, &j);
	assert_string_equal(j.kind, "setoran");
	assert_int_equal(j.member_id, id_of(f, "A017"));
	assert_int_equal(j.officer_id, id_of(f, "A001"));
	assert_int_equal(query_int(f, "SELECT journal_id FROM pending_deposits"
	    " WHERE code = ? AND state = 'diterima'", "S0001"), j.id);
	assert_int_equal(query_int(f, "SELECT confirmed_by FROM pending_deposits"
	    " WHERE code = ?", "S0001"), id_of(f, "A001"));
	assert_int_equal(fixture_balance(f, "A017", "simpanan_sukarela"), 50000);
	assert_int_equal(fixture_kas(f), 50000);
	assert_int_equal(fixture_count(f, "journal"), 1);
	assert_int_equal(fixture_ledger_problems(f), 0);

	/* The same code again: never posted twice, and the first Ref repeated. */
	assert_int_equal(sms(f, KASIR, "TERIMA S0001 9911"), 1);
	assert_has(to(f, KASIR), "sudah diterima sebelumnya");
	ref_in(to(f, KASIR), ref2);
	assert_string_equal(ref, ref2);
	assert_int_equal(sms(f, BEND1, "terima s0001 2233"), 1);
	ref_in(to(f, BEND1), ref2);
	assert_string_equal(ref, ref2);
	assert_int_equal(fixture_count(f, "journal"), 1);
	assert_int_equal(fixture_balance(f, "A017", "simpanan_sukarela"), 50000);
	assert_int_equal(fixture_kas(f), 50000);

	/* A bendahara receiving; the code may come in lower case. */
	assert_int_equal(sms(f, BEND1, "terima s0002 2233"), 3);
	assert_has(to(f, BEND1), "Setoran S0002 diterima");
	assert_has(to(f, BEND1), "Rp20.000 simpanan wajib");
	assert_has(to(f, SITI), "Saldo wajib Anda Rp20.000");
	assert_int_equal(count_to(f, BEND1), 1);
	assert_int_equal(count_to(f, KASIR), 0);
	assert_int_equal(fixture_balance(f, "A017", "simpanan_wajib"), 20000);
	assert_int_equal(fixture_kas(f), 70000);
	assert_int_equal(query_int(f, "SELECT count(*) FROM pending_deposits"
	    " WHERE state = 'diterima'", NULL), 2);
	assert_int_equal(fixture_count(f, "journal"), 2);
	assert_int_equal(fixture_ledger_problems(f), 0);
	fixture_close(f);
}

static void
test_terima_refusals(void **state)
{
	struct fixture *f = coop_open();

	(void)state;
	assert_int_equal(sms(f, SITI, "SIMPAN 50000 1234"), 4);

	refused(f, KASIR, "TERIMA S0099 9911", "S0099 tidak ditemukan");
	/* A member cannot receive her own announced deposit. */
	refused(f, SITI, "TERIMA S0001 1234", "kasir/bendahara");
	refused(f, KETUA, "TERIMA S0001 6677", "kasir/bendahara");
	refused(f, KASIR, "TERIMA S0001 1111", "PIN salah");

	assert_int_equal(query_int(f, "SELECT count(*) FROM pending_deposits"
	    " WHERE code = ? AND state = 'menunggu'", "S0001"), 1);
	assert_int_equal(fixture_count(f, "journal"), 0);
	assert_int_equal(fixture_kas(f), 0);
	fixture_close(f);
}

static void
test_tarik(void **state)
{
	struct fixture *f = coop_open();
	char ref[LEDGER_REF_LEN], ref2[LEDGER_REF_LEN];
	struct jrow j;
	const char *t;

	(void)state;
	assert_int_equal(sms(f, KASIR, "SIMPAN A017 100000 POKOK 9911"), 4);
	assert_int_equal(sms(f, KASIR, "SIMPAN A017 150000 9911"), 4);

	/* Receipt, the member, and both bendahara: cash left the box. */
	assert_int_equal(sms(f, KASIR, "TARIK A017 50000 9911"), 4);
	assert_has(to(f, BEND1), "Penarikan A017 Siti Rp50.000 dari sukarela,"
	    " dicatat kasir Budi. Ref R");
	t = to(f, SITI);
	assert_int_equal(prio_to(f, SITI), PRIO_ALERT);
	assert_has(t, "Rp50.000");
	assert_has(t, "Saldo sukarela Anda Rp100.000");
	ref_in(t, ref);
	t = to(f, KASIR);
	assert_int_equal(prio_to(f, KASIR), PRIO_REPLY);
	assert_has(t, "A017 Siti Rp50.000");
	assert_has(t, "Rp100.000");
	ref_in(t, ref2);
	assert_string_equal(ref, ref2);
	/* Once each: the bendahara answers for the cash that left. */
	assert_int_equal(count_to(f, BEND1), 1);
	assert_int_equal(count_to(f, BEND2), 1);

	journal_by_ref(f, ref, &j);
	assert_string_equal(j.kind, "penarikan");
	assert_int_equal(j.member_id, id_of(f, "A017"));
	assert_int_equal(j.officer_id, id_of(f, "A001"));
	assert_true(j.inbox_id > 0);
	assert_int_equal(fixture_balance(f, "A017", "simpanan_sukarela"), 100000);
	assert_int_equal(fixture_balance(f, "A017", "simpanan_pokok"), 100000);
	assert_int_equal(fixture_kas(f), 200000);
	assert_int_equal(fixture_count(f, "journal"), 3);
	assert_int_equal(fixture_ledger_problems(f), 0);

	/* By phone and with a short amount; all of sukarela may go. */
	/* Receipt, member, and the other bendahara. */
	assert_int_equal(sms(f, BEND1, "TARIK 081234567890 100rb 2233"), 3);
	assert_int_equal(count_to(f, BEND2), 1);
	assert_has(to(f, SITI), "Rp100.000");
	assert_has(to(f, SITI), "Saldo sukarela Anda Rp0");
	assert_int_equal(fixture_balance(f, "A017", "simpanan_sukarela"), 0);
	assert_int_equal(fixture_balance(f, "A017", "simpanan_pokok"), 100000);
	assert_int_equal(fixture_kas(f), 100000);

	/* An officer drawing her own: one SMS to her, the bendahara told. */
	assert_int_equal(sms(f, KASIR, "SIMPAN A001 30000 9911"), 3);
	assert_int_equal(sms(f, KASIR, "TARIK A001 10000 9911"), 3);
	assert_int_equal(count_to(f, KASIR), 1);
	assert_has(to(f, KASIR), "A001 Budi Rp10.000");
	assert_has(to(f, KASIR), "Sisa sukarela Rp20.000");
	assert_int_equal(fixture_balance(f, "A001", "simpanan_sukarela"), 20000);
	assert_int_equal(fixture_count(f, "journal"), 6);
	assert_int_equal(fixture_ledger_problems(f), 0);
	fixture_close(f);
}

static void
test_tarik_refusals(void **state)
{
	struct fixture *f = coop_open();

	(void)state;
	assert_int_equal(sms(f, KASIR, "SIMPAN A017 100000 POKOK 9911"), 4);
	assert_int_equal(sms(f, KASIR, "SIMPAN A017 150000 9911"), 4);

	/* Sukarela only: pokok does not count, and she hears what is there. */
	refused(f, KASIR, "TARIK A017 200000 9911", "Rp150.000");
	assert_has(to(f, KASIR), "sukarela");
	refused(f, KASIR, "TARIK A018 1000 9911", "Rp0");
	refused(f, SITI, "TARIK A017 50000 1234", "kasir/bendahara");
	refused(f, KETUA, "TARIK A017 50000 6677", "kasir/bendahara");
	refused(f, KASIR, "TARIK A099 50000 9911", "A099 tidak terdaftar");
	refused(f, KASIR, "TARIK 081299999999 50000 9911", "tidak terdaftar");
	refused(f, KASIR, "TARIK A017 50000 0000", "PIN salah");

	/* A loan paid out leaves less cash than Siti's sukarela. */
	loan_disbursed(f, "A018", 200000);
	assert_int_equal(fixture_kas(f), 50000);
	refused(f, KASIR, "TARIK A017 100000 9911", "kas koperasi hanya Rp50.000");
	/* Down to exactly zero is allowed. */
	assert_int_equal(sms(f, KASIR, "TARIK A017 50000 9911"), 4);
	assert_int_equal(fixture_kas(f), 0);
	assert_int_equal(fixture_balance(f, "A017", "simpanan_sukarela"), 100000);
	refused(f, KASIR, "TARIK A017 1000 9911", "kas koperasi hanya Rp0");
	assert_int_equal(fixture_ledger_problems(f), 0);
	fixture_close(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_saldo),
		cmocka_unit_test(test_simpan_officer),
		cmocka_unit_test(test_simpan_types_and_amounts),
		cmocka_unit_test(test_simpan_member_by_phone),
		cmocka_unit_test(test_simpan_who_gets_what),
		cmocka_unit_test(test_simpan_refusals),
		cmocka_unit_test(test_simpan_announce),
		cmocka_unit_test(test_terima),
		cmocka_unit_test(test_terima_refusals),
		cmocka_unit_test(test_tarik),
		cmocka_unit_test(test_tarik_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
