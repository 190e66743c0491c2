/*
 * kopdesctl ledger list: the mutasi, line by line, so "where did my 50
 * thousand go?" is one command; and what a reversal undid, for whom.
 */
#include <stdio.h>
#include <string.h>

#include "gateway/ctl.h"

struct ledger_listing {
	struct table	 t;
	int64_t		 debit, credit, lines;
};

static int
ledger_line_row(const struct ledger_row *r, void *arg)
{
	struct ledger_listing *ll = arg;
	char day[11], d[32], k[32], who[96];

	date_of(r->at, day);
	snprintf(who, sizeof(who), "%s%s%s", r->member, r->member[0] ? " " : "",
	    r->member_name);
	ll->debit += r->debit;
	ll->credit += r->credit;
	ll->lines++;
	return table_row(&ll->t, day, r->ref, r->kind, who, r->account,
	    r->account_member, table_rp(&ll->t, r->debit, d, sizeof(d)),
	    table_rp(&ll->t, r->credit, k, sizeof(k)), r->reverses, r->memo);
}

/* --from, --to and --member into a filter; CTL_OK or a refusal. */
int
ctl_ledger_filter(struct ctl *c, const char *from, const char *to,
    const char *member, struct ledger_filter *f)
{
	struct member m;

	if (from != NULL && ctl_day_start(from, &f->from) == -1)
		return ctl_refuse("--from %s: tanggal harus YYYY-MM-DD", from);
	if (to != NULL && ctl_day_end(to, &f->to) == -1)
		return ctl_refuse("--to %s: tanggal harus YYYY-MM-DD", to);
	if (member != NULL) {
		if (ctl_member_any(c, member, &m) != 1)
			return ctl_refuse("tidak ada anggota %s", member);
		f->member_id = m.id;
	}
	return CTL_OK;
}

int
ctl_ledger_list(struct ctl *c, int argc, char **argv)
{
	struct ledger_listing ll;
	struct ledger_filter f = { 0 };
	char used[12] = { 0 }, a[32], b[32], n[32];
	const char *member, *from, *to;
	int csv;

	if (argc > (int)sizeof(used))
		return CTL_USAGE;
	member = ctl_opt(argc, argv, "--member", used);
	from = ctl_opt(argc, argv, "--from", used);
	to = ctl_opt(argc, argv, "--to", used);
	f.ref = ctl_opt(argc, argv, "--ref", used);
	csv = ctl_has_flag(argc, argv, "--csv", used);
	if (!ctl_all_used(argc, used))
		return CTL_USAGE;
	if (ctl_ledger_filter(c, from, to, member, &f) != CTL_OK)
		return CTL_REFUSED;
	memset(&ll, 0, sizeof(ll));
	table_init(&ll.t, csv, "Tanggal|Ref|Jenis|Anggota|Akun|Akun milik"
	    "|>Debet|>Kredit|Membalik|Keterangan");
	if (ledger_rows_foreach(&c->db, &f, ledger_line_row, &ll) == -1) {
		table_free(&ll.t);
		return ctl_refuse("kesalahan basis data");
	}
	snprintf(n, sizeof(n), "%lld baris", (long long)ll.lines);
	table_total(&ll.t, "Jumlah", n, "", "", "", "", fmt_rp(ll.debit, a,
	    sizeof(a)), fmt_rp(ll.credit, b, sizeof(b)), "", "");
	table_print(&ll.t, stdout);
	table_free(&ll.t);
	return CTL_OK;
}

struct reversed {
	char		 kind[24];
	char		 who[96];
	int64_t		 amount;	/* the larger side: what moved */
};

static int
reversed_line(const struct ledger_row *r, void *arg)
{
	struct reversed *rv = arg;

	if (r->reverses[0] != '\0')
		return 0;
	snprintf(rv->kind, sizeof(rv->kind), "%s", r->kind);
	if (r->member[0] != '\0')
		snprintf(rv->who, sizeof(rv->who), "%s %s", r->member,
		    r->member_name);
	rv->amount += r->debit;
	return 0;
}

/* "R000001 setoran Rp300.000 untuk A001 Siti Aminah", for the operator. */
int
ctl_print_reversed(struct ctl *c, const char *ref, const char *newref)
{
	struct ledger_filter f = { 0 };
	struct reversed rv;
	char rp[32];

	memset(&rv, 0, sizeof(rv));
	f.ref = ref;
	if (ledger_rows_foreach(&c->db, &f, reversed_line, &rv) == -1)
		return -1;
	printf("%s\n", newref);
	printf("membalik %s %s %s%s%s\n", ref, rv.kind, fmt_rp(rv.amount, rp,
	    sizeof(rp)), rv.who[0] ? " untuk " : "", rv.who);
	return 0;
}

static int
kind_of_first(const struct ledger_row *r, void *arg)
{
	char *kind = arg;

	if (kind[0] == '\0' && r->reverses[0] == '\0')
		snprintf(kind, 24, "%s", r->kind);
	return 0;
}

/*
 * A leaving member's payout is not reversed: it would put savings back
 * on one who can no longer use or withdraw them.
 */
int
ctl_reversible(struct ctl *c, const char *ref)
{
	struct ledger_filter f = { 0 };
	char kind[24] = "";

	f.ref = ref;
	if (ledger_rows_foreach(&c->db, &f, kind_of_first, kind) == -1)
		return -1;
	return strcmp(kind, "keluar") != 0;
}
