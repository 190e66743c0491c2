/*
 * kopdesctl member show|edit|leave: one member's page, the changes an
 * officer makes to her (a new SIM keeps her account), and leaving (keluar):
 * her savings are paid out by one balanced entry and she can no longer
 * act, while her history stays.  Every change is audited with who made it:
 * the officer named by --by, else "operator".  The NIK is shown here and
 * in exports only; the audit says that it changed, never what it is.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gateway/ctl.h"

#define SHOW_MOVES 10

/* A member by number or phone, left or not. */
int
ctl_member_any(struct ctl *c, const char *ref, struct member *m)
{
	char e164[24];

	if (phone_normalize(ref, e164, sizeof(e164)) == 0)
		return member_any(&c->db, e164, m);
	return member_any(&c->db, ref, m);
}

/* --by ID: an officer still a member; 0 and "operator" without it. */
static int
officer_of(struct ctl *c, const char *by, int64_t *id, char *who, size_t len)
{
	struct member o;

	*id = 0;
	snprintf(who, len, "operator");
	if (by == NULL)
		return 0;
	if (ctl_member_any(c, by, &o) != 1 || o.role == ROLE_ANGGOTA)
		return ctl_refuse("--by %s: bukan pengurus yang terdaftar", by);
	*id = o.id;
	snprintf(who, len, "%s %s", o.number, o.name);
	return 0;
}

struct moves {
	struct ledger_row rows[SHOW_MOVES];
	int		 n;
};

static int
keep_move(const struct ledger_row *r, void *arg)
{
	struct moves *mv = arg;

	if (mv->n == SHOW_MOVES) {
		memmove(mv->rows, mv->rows + 1, sizeof(mv->rows[0]) * (SHOW_MOVES - 1));
		mv->n--;
	}
	mv->rows[mv->n++] = *r;
	return 0;
}

int
ctl_member_show(struct ctl *c, int argc, char **argv)
{
	struct member m;
	struct member_extra x;
	struct loan l;
	struct loan_sisa s;
	struct ledger_filter f = { 0 };
	struct moves *mv;
	struct table t;
	int64_t pokok, wajib, sukarela;
	char a[32], b[32], d[32], e[32], day[11];
	int rc, i;

	if (argc != 1)
		return CTL_USAGE;
	if ((rc = ctl_member_any(c, argv[0], &m)) != 1)
		return rc == -1 ? ctl_refuse("kesalahan basis data") :
		    ctl_refuse("tidak ada anggota %s", argv[0]);
	if (member_extra_get(&c->db, m.id, &x) != 1 ||
	    member_savings(&c->db, m.id, &pokok, &wajib, &sukarela) == -1)
		return ctl_refuse("kesalahan basis data");
	printf("Anggota    %s %s\n", m.number, m.name);
	printf("Telepon    %s\n", m.phone);
	printf("Peran      %s\n", role_name(m.role));
	printf("Status     %s%s\n", x.left_on[0] ? "keluar " : "aktif", x.left_on);
	printf("NIK        %s\n", x.nik[0] ? x.nik : "-");
	printf("Alamat     %s\n", x.address[0] ? x.address : "-");
	printf("Bergabung  %s\n", x.joined_on[0] ? x.joined_on : "-");
	printf("PIN        %s\n", !m.has_pin ? "belum ada" :
	    m.locked ? "TERKUNCI" : "ada");
	printf("Simpanan   pokok %s, wajib %s, sukarela %s, total %s\n",
	    fmt_rp(pokok, a, sizeof(a)), fmt_rp(wajib, b, sizeof(b)),
	    fmt_rp(sukarela, d, sizeof(d)),
	    fmt_rp(pokok + wajib + sukarela, e, sizeof(e)));
	if ((rc = loan_open_for_member(&c->db, m.id, &l)) == -1)
		return ctl_refuse("kesalahan basis data");
	if (rc == 0)
		printf("Pinjaman   -\n");
	else if (ctl_loan_sisa(c, &l, &s) == -1)
		return ctl_refuse("kesalahan basis data");
	else if (l.state != LOAN_AKTIF)
		printf("Pinjaman   %s %s, %s\n", l.code,
		    fmt_rp(l.principal, a, sizeof(a)), loan_state_name(l.state));
	else {
		printf("Pinjaman   %s %s, sisa %s", l.code,
		    fmt_rp(l.principal, a, sizeof(a)), fmt_rp(s.sisa, b, sizeof(b)));
		if (s.days_late > 0)
			printf(", TERLAMBAT %d hari, denda %s", s.days_late,
			    fmt_rp(s.penalty, d, sizeof(d)));
		putchar('\n');
	}
	if ((mv = calloc(1, sizeof(*mv))) == NULL)
		return ctl_refuse("memori habis");
	f.member_id = m.id;
	if (ledger_rows_foreach(&c->db, &f, keep_move, mv) == -1) {
		free(mv);
		return ctl_refuse("kesalahan basis data");
	}
	printf("\nMutasi terakhir:\n");
	table_init(&t, 0, "Tanggal|Ref|Jenis|Akun|>Debet|>Kredit");
	for (i = 0; i < mv->n; i++) {
		date_of(mv->rows[i].at, day);
		table_row(&t, day, mv->rows[i].ref, mv->rows[i].kind,
		    mv->rows[i].account, fmt_rp(mv->rows[i].debit, a, sizeof(a)),
		    fmt_rp(mv->rows[i].credit, b, sizeof(b)));
	}
	table_print(&t, stdout);
	table_free(&t);
	free(mv);
	return CTL_OK;
}

static int
audit_change(struct ctl *c, int64_t member_id, int64_t by, const char *who,
    const char *what)
{
	char detail[320];

	snprintf(detail, sizeof(detail), "%s (oleh %s)", what, who);
	return audit_add(&c->db, member_id, by, "member_ubah", detail, c->now);
}

/* Register fields as a person would write them; *why says what is wrong. */
int
ctl_member_fields_ok(const char *nik, const char *addr, const char *joined,
    char *why, size_t whylen)
{
	time_t t;
	size_t i;

	if (nik != NULL && nik[0] != '\0') {
		for (i = 0; nik[i] != '\0'; i++)
			if (nik[i] < '0' || nik[i] > '9')
				break;
		if (nik[i] != '\0' || i != 16)
			return snprintf(why, whylen, "NIK adalah 16 angka"), 0;
	}
	if (addr != NULL && strlen(addr) >= sizeof(((struct member_extra *)0)->address))
		return snprintf(why, whylen, "alamat paling banyak %zu karakter",
		    sizeof(((struct member_extra *)0)->address) - 1), 0;
	if (joined != NULL && joined[0] != '\0' && ctl_day_start(joined, &t) == -1)
		return snprintf(why, whylen, "tanggal bergabung \"%.12s\" harus"
		    " YYYY-MM-DD", joined), 0;
	return 1;
}

static int
check_fields(const char *nik, const char *addr, const char *joined)
{
	char why[128];

	if (!ctl_member_fields_ok(nik, addr, joined, why, sizeof(why)))
		return ctl_refuse("%s", why);
	return CTL_OK;
}

/* Writes what was given over what is there; the fields are checked first. */
int
ctl_member_fields(struct ctl *c, int64_t member_id, const char *nik,
    const char *addr, const char *joined, int new_member)
{
	struct member_extra x;
	char today[11];

	if (member_extra_get(&c->db, member_id, &x) != 1)
		return -1;
	if (nik != NULL)
		snprintf(x.nik, sizeof(x.nik), "%s", nik);
	if (addr != NULL)
		snprintf(x.address, sizeof(x.address), "%s", addr);
	date_of(c->now, today);
	/* A member registered now joined today unless the register says. */
	if (joined != NULL)
		snprintf(x.joined_on, sizeof(x.joined_on), "%s", joined);
	if (new_member && x.joined_on[0] == '\0')
		snprintf(x.joined_on, sizeof(x.joined_on), "%s", today);
	return member_extra_set(&c->db, member_id, &x);
}

/* A field that changes goes to the audit with what it was and is now. */
static int
edit_note(struct ctl *c, const struct member *m, const char *field,
    const char *was, const char *now, int64_t by, const char *who,
    int *changes)
{
	char what[200];

	if (strcmp(was, now) == 0)
		return CTL_OK;
	snprintf(what, sizeof(what), "%s %s -> %s", field, was, now);
	if (audit_change(c, m->id, by, who, what) == -1)
		return ctl_refuse("kesalahan basis data");
	(*changes)++;
	return CTL_OK;
}

static int
edit_apply(struct ctl *c, struct member *m, const char *phone, const char *name,
    const char *role, int64_t by, const char *who, int *changes)
{
	struct member other;
	char e164[20];
	enum role r;
	int rc;

	if (phone != NULL) {
		if (phone_normalize(phone, e164, sizeof(e164)) == -1)
			return ctl_refuse("\"%s\" bukan nomor telepon", phone);
		if ((rc = member_any(&c->db, e164, &other)) == -1)
			return ctl_refuse("kesalahan basis data");
		if (rc == 1 && other.id != m->id)
			return ctl_refuse("%s sudah terdaftar untuk %s", e164,
			    other.number);
		if (edit_note(c, m, "telepon", m->phone, e164, by, who,
		    changes) != CTL_OK)
			return CTL_REFUSED;
		snprintf(m->phone, sizeof(m->phone), "%s", e164);
	}
	if (name != NULL) {
		if (name[0] == '\0' || strlen(name) >= sizeof(m->name))
			return ctl_refuse("nama 1 sampai %zu karakter",
			    sizeof(m->name) - 1);
		if (edit_note(c, m, "nama", m->name, name, by, who,
		    changes) != CTL_OK)
			return CTL_REFUSED;
		snprintf(m->name, sizeof(m->name), "%s", name);
	}
	if (role != NULL) {
		if (role_parse(role, &r) == -1)
			return ctl_refuse("peran harus anggota, kasir, bendahara,"
			    " ketua atau pengawas");
		if (edit_note(c, m, "peran", role_name(m->role), role_name(r), by,
		    who, changes) != CTL_OK)
			return CTL_REFUSED;
		m->role = r;
	}
	if (member_update(&c->db, m) == -1)
		return ctl_refuse("kesalahan basis data");
	return CTL_OK;
}

/* The transaction a change to a member runs in, on the member ref names. */
static int
begin_on(struct ctl *c, const char *ref, struct member *m)
{
	int rc;

	if (db_begin(&c->db) == -1)
		return ctl_refuse("basis data sibuk");
	if ((rc = ctl_member_any(c, ref, m)) != 1) {
		db_rollback(&c->db);
		return rc == -1 ? ctl_refuse("kesalahan basis data") :
		    ctl_refuse("tidak ada anggota %s", ref);
	}
	return CTL_OK;
}

int
ctl_member_edit(struct ctl *c, int argc, char **argv)
{
	char used[24] = { 0 }, who[96];
	const char *phone, *name, *role, *nik, *addr, *joined, *by, *ref = NULL;
	struct member m;
	struct member_extra x;
	int64_t officer;
	int changes = 0;

	if (argc > (int)sizeof(used))
		return CTL_USAGE;
	phone = ctl_opt(argc, argv, "--phone", used);
	name = ctl_opt(argc, argv, "--name", used);
	role = ctl_opt(argc, argv, "--role", used);
	nik = ctl_opt(argc, argv, "--nik", used);
	addr = ctl_opt(argc, argv, "--address", used);
	joined = ctl_opt(argc, argv, "--joined", used);
	by = ctl_opt(argc, argv, "--by", used);
	if (ctl_one_word(argc, argv, used, &ref) == -1 || ref == NULL ||
	    (phone == NULL && name == NULL && role == NULL && nik == NULL &&
	    addr == NULL && joined == NULL))
		return CTL_USAGE;
	if (check_fields(nik, addr, joined) != CTL_OK)
		return CTL_REFUSED;
	if (begin_on(c, ref, &m) != CTL_OK)
		return CTL_REFUSED;
	if (officer_of(c, by, &officer, who, sizeof(who)) != CTL_OK ||
	    member_extra_get(&c->db, m.id, &x) != 1 ||
	    edit_apply(c, &m, phone, name, role, officer, who, &changes) != CTL_OK)
		goto refused;
	if ((nik != NULL && strcmp(nik, x.nik) != 0 &&
	    (changes++, audit_change(c, m.id, officer, who, "nik diubah") == -1)) ||
	    (addr != NULL && strcmp(addr, x.address) != 0 &&
	    (changes++, audit_change(c, m.id, officer, who, "alamat diubah") == -1)) ||
	    (joined != NULL && strcmp(joined, x.joined_on) != 0 &&
	    (changes++, audit_change(c, m.id, officer, who,
	    "tanggal bergabung diubah") == -1)) ||
	    ctl_member_fields(c, m.id, nik, addr, joined, 0) == -1) {
		ctl_refuse("kesalahan basis data");
		goto refused;
	}
	if (db_commit(&c->db) == -1)
		goto refused;
	printf("%s %s: %d perubahan dicatat (oleh %s)\n", m.number, m.name,
	    changes, who);
	return CTL_OK;
refused:
	db_rollback(&c->db);
	return CTL_REFUSED;
}

struct waiting_of {
	int64_t		 member_id;
	char		*code;
};

static int
waiting_one(const struct pending_deposit *d, void *arg)
{
	struct waiting_of *w = arg;

	if (d->member_id == w->member_id && w->code[0] == '\0')
		snprintf(w->code, LEDGER_REF_LEN, "%s", d->code);
	return 0;
}

/* 1 and its code when she announced a deposit not received yet. */
static int
deposit_waiting_of(struct ctl *c, int64_t member_id, char code[LEDGER_REF_LEN])
{
	struct waiting_of w = { member_id, code };

	code[0] = '\0';
	if (deposit_foreach_waiting(&c->db, waiting_one, &w) == -1)
		return -1;
	return code[0] != '\0';
}

/* Her savings back in cash: one entry, each account to zero against kas. */
static int
pay_out(struct ctl *c, const struct member *m, int64_t officer, int64_t *total,
    char ref[LEDGER_REF_LEN])
{
	static const char *const codes[] = { "simpanan_pokok", "simpanan_wajib",
	    "simpanan_sukarela" };
	struct ledger_line lines[4];
	struct ledger_entry e = { 0 };
	int64_t bal, kas_id, kas, jid;
	int i, n = 0;

	*total = 0;
	ref[0] = '\0';
	for (i = 0; i < 3; i++) {
		if (member_balance(&c->db, m->id, codes[i], &bal) == -1)
			return -1;
		if (bal == 0)
			continue;
		if (account_id(&c->db, codes[i], m->id, &lines[n].account_id) != 1)
			return -1;
		lines[n].debit = bal;
		lines[n].credit = 0;
		*total += bal;
		n++;
	}
	if (*total == 0)
		return 0;
	if (account_id(&c->db, "kas", 0, &kas_id) != 1 ||
	    account_balance(&c->db, kas_id, &kas) != 1)
		return -1;
	if (kas < *total)
		return -2;
	lines[n].account_id = kas_id;
	lines[n].debit = 0;
	lines[n].credit = *total;
	n++;
	e.kind = "keluar";
	e.memo = "pengembalian simpanan anggota keluar";
	e.member_id = m->id;
	e.officer_id = officer;
	e.at = c->now;
	return ledger_post(&c->db, &e, lines, n, &jid, ref);
}

int
ctl_member_leave(struct ctl *c, int argc, char **argv)
{
	char used[8] = { 0 }, who[96], ref[LEDGER_REF_LEN], rp[32], today[11],
	    detail[160];
	const char *by, *id = NULL;
	struct member m;
	struct member_extra x;
	struct loan l;
	int64_t officer, total;
	int rc;

	if (argc > (int)sizeof(used))
		return CTL_USAGE;
	by = ctl_opt(argc, argv, "--by", used);
	if (ctl_one_word(argc, argv, used, &id) == -1 || id == NULL)
		return CTL_USAGE;
	date_of(c->now, today);
	if (begin_on(c, id, &m) != CTL_OK)
		return CTL_REFUSED;
	if (officer_of(c, by, &officer, who, sizeof(who)) != CTL_OK)
		goto refused;
	if (member_extra_get(&c->db, m.id, &x) != 1 ||
	    (rc = loan_open_for_member(&c->db, m.id, &l)) == -1) {
		ctl_refuse("kesalahan basis data");
		goto refused;
	}
	if (x.left_on[0] != '\0') {
		ctl_refuse("%s sudah keluar pada %s", m.number, x.left_on);
		goto refused;
	}
	if (rc == 1) {
		ctl_refuse("%s masih punya pinjaman %s (%s): lunasi atau tolak"
		    " dulu", m.number, l.code, loan_state_name(l.state));
		goto refused;
	}
	if ((rc = deposit_waiting_of(c, m.id, ref)) != 0) {
		if (rc == -1)
			ctl_refuse("kesalahan basis data");
		else
			ctl_refuse("%s masih punya setoran %s yang menunggu: terima"
			    " (deposit confirm) dulu", m.number, ref);
		goto refused;
	}
	if ((rc = pay_out(c, &m, officer, &total, ref)) != 0) {
		if (rc == -2)
			ctl_refuse("kas tidak cukup untuk mengembalikan simpanan"
			    " %s", fmt_rp(total, rp, sizeof(rp)));
		else
			ctl_refuse("kesalahan basis data");
		goto refused;
	}
	snprintf(detail, sizeof(detail), "keluar, simpanan %s dikembalikan%s%s"
	    " (oleh %s)", fmt_rp(total, rp, sizeof(rp)), ref[0] ? " ref " : "",
	    ref, who);
	if (member_set_left(&c->db, m.id, today) == -1 ||
	    audit_add(&c->db, m.id, officer, "member_keluar", detail,
	    c->now) == -1 || db_commit(&c->db) == -1) {
		ctl_refuse("kesalahan basis data");
		goto refused;
	}
	printf("%s %s keluar %s; simpanan dikembalikan %s%s%s\n", m.number,
	    m.name, today, rp, ref[0] ? ", ref " : "", ref);
	return CTL_OK;
refused:
	db_rollback(&c->db);
	return CTL_REFUSED;
}
