/*
 * kopdesctl loan list and report kolektibilitas: who owes what and how
 * late.  "Sisa" is what the member's TAGIHAN says is left (principal and
 * interest not yet paid), so the treasurer and the member read one figure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gateway/ctl.h"

static const char *const kol_names[5] = { "lancar", "dalam perhatian khusus",
    "kurang lancar", "diragukan", "macet" };

int
ctl_loan_sisa(struct ctl *c, const struct loan *l, struct loan_sisa *s)
{
	struct loan_standing st;
	char today[11];

	memset(s, 0, sizeof(*s));
	if (l->state != LOAN_AKTIF)
		return 0;
	date_of(c->now, today);
	if (loan_standing(&c->db, l, today, c->cfg.rules.loan_penalty_bp_day,
	    &st) == -1)
		return -1;
	s->principal_left = st.principal_left;
	/* The one figure the member reads as "sisa pinjaman" in her SMS. */
	s->sisa = loan_left(&st);
	s->penalty = st.penalty_due;
	s->overdue = st.overdue;
	s->overdue_amount = st.overdue_amount;
	if (st.has_next) {
		s->instalment = st.next.principal + st.next.interest;
		snprintf(s->next_due_on, sizeof(s->next_due_on), "%s", st.next.due_on);
		if (st.overdue > 0)
			s->days_late = date_days_between(st.next.due_on, today);
	}
	return 0;
}

const char *
ctl_kol_name(int cls)
{
	return cls >= 0 && cls < 5 ? kol_names[cls] : "";
}

int
ctl_kol_class(const struct ctl *c, int days_late)
{
	int k = 0;

	while (k < 4 && days_late >= c->cfg.kol_from_days[k])
		k++;
	return k;
}

struct loan_listing {
	struct ctl	*c;
	struct table	 t;
	int		 overdue_only;
	int64_t		 n, principal, sisa, penalty;
};

static int
loan_row(const struct loan *l, void *arg)
{
	struct loan_listing *ll = arg;
	struct ctl *c = ll->c;
	struct member m;
	struct loan_sisa s;
	char p[32], sisa[32], ins[32], pen[32], late[16], months[16], day[11];

	if (member_by_id(&c->db, l->member_id, &m) != 1 ||
	    ctl_loan_sisa(c, l, &s) == -1)
		return -1;
	if (ll->overdue_only && s.days_late <= 0)
		return 0;
	date_of(l->applied_at, day);
	snprintf(late, sizeof(late), "%d", s.days_late);
	ll->n++;
	ll->principal += l->principal;
	ll->sisa += s.sisa;
	ll->penalty += s.penalty;
	return table_row(&ll->t, l->code, m.number, m.name, m.phone,
	    table_rp(&ll->t, l->principal, p, sizeof(p)),
	    table_int(l->months, months, sizeof(months)), loan_state_name(l->state), day,
	    table_rp(&ll->t, s.instalment, ins, sizeof(ins)), table_rp(&ll->t, s.sisa,
	    sisa, sizeof(sisa)), l->state == LOAN_AKTIF ? late : "",
	    table_rp(&ll->t, s.penalty, pen, sizeof(pen)),
	    s.days_late > 0 ? "TERLAMBAT" : "");
}

int
ctl_loan_list(struct ctl *c, int argc, char **argv)
{
	struct loan_listing ll;
	char used[8] = { 0 }, a[32], b[32], d[32], n[16];
	const char *state;
	int s = -1, csv;

	if (argc > (int)sizeof(used))
		return CTL_USAGE;
	memset(&ll, 0, sizeof(ll));
	ll.c = c;
	if ((state = ctl_opt(argc, argv, "--state", used)) != NULL) {
		for (s = 0; s < 4; s++)
			if (strcmp(state, loan_state_name((enum loan_state)s)) == 0)
				break;
		if (s == 4)
			return ctl_refuse("state harus diajukan, ditolak, aktif"
			    " atau lunas");
	}
	ll.overdue_only = ctl_has_flag(argc, argv, "--overdue", used);
	csv = ctl_has_flag(argc, argv, "--csv", used);
	if (!ctl_all_used(argc, used))
		return CTL_USAGE;
	if (ll.overdue_only)
		s = LOAN_AKTIF;
	table_init(&ll.t, csv, "Kode|No|Nama|Telepon|>Pokok|>Bulan|Status"
	    "|Diajukan|>Angsuran|>Sisa|>Hari terlambat|>Denda|Catatan");
	if (loan_foreach(&c->db, s, loan_row, &ll) == -1) {
		table_free(&ll.t);
		return ctl_refuse("kesalahan basis data");
	}
	snprintf(n, sizeof(n), "%lld", (long long)ll.n);
	table_total(&ll.t, "Jumlah", n, "pinjaman", "", fmt_rp(ll.principal, a,
	    sizeof(a)), "", "", "", "", fmt_rp(ll.sisa, b, sizeof(b)), "",
	    fmt_rp(ll.penalty, d, sizeof(d)), "");
	table_print(&ll.t, stdout);
	table_free(&ll.t);
	return CTL_OK;
}

struct kol {
	struct ctl	*c;
	struct table	 t;
	int64_t		 count[5], amount[5], total, par30;
};

static int
kol_row(const struct loan *l, void *arg)
{
	struct kol *k = arg;
	struct member m;
	struct loan_sisa s;
	char a[32], late[16];
	int cls;

	if (member_by_id(&k->c->db, l->member_id, &m) != 1 ||
	    ctl_loan_sisa(k->c, l, &s) == -1)
		return -1;
	cls = ctl_kol_class(k->c, s.days_late);
	k->count[cls]++;
	k->amount[cls] += s.principal_left;
	k->total += s.principal_left;
	if (s.days_late > 30)
		k->par30 += s.principal_left;
	snprintf(late, sizeof(late), "%d", s.days_late);
	return table_row(&k->t, l->code, m.number, m.name, late, kol_names[cls],
	    table_rp(&k->t, s.principal_left, a, sizeof(a)));
}

int
ctl_report_kolektibilitas(struct ctl *c, int argc, char **argv)
{
	struct kol *k;
	struct table sum;
	char a[32], n[16], range[32], pct[24];
	int csv, i;

	if (ctl_csv_only(argc, argv, &csv) != CTL_OK)
		return CTL_USAGE;
	if ((k = calloc(1, sizeof(*k))) == NULL)
		return ctl_refuse("memori habis");
	k->c = c;
	table_init(&k->t, csv, "Kode|No|Nama|>Hari terlambat|Kolektibilitas"
	    "|>Sisa pokok");
	if (loan_foreach(&c->db, LOAN_AKTIF, kol_row, k) == -1) {
		table_free(&k->t);
		free(k);
		return ctl_refuse("kesalahan basis data");
	}
	/* CSV is one table: the classes; each loan's is in `export loans`. */
	if (!csv) {
		table_print(&k->t, stdout);
		putchar('\n');
	}
	table_free(&k->t);
	table_init(&sum, csv, "Kolektibilitas|Hari terlambat|>Pinjaman"
	    "|>Sisa pokok");
	for (i = 0; i < 5; i++) {
		if (i == 0)
			snprintf(range, sizeof(range), "0");
		else if (i == 4)
			snprintf(range, sizeof(range), "%d+",
			    c->cfg.kol_from_days[3]);
		else
			snprintf(range, sizeof(range), "%d-%d",
			    c->cfg.kol_from_days[i - 1], c->cfg.kol_from_days[i] - 1);
		table_row(&sum, kol_names[i], range, table_int(k->count[i], n,
		    sizeof(n)), table_rp(&sum, k->amount[i], a, sizeof(a)));
	}
	table_total(&sum, "Jumlah", "", table_int(k->count[0] + k->count[1] +
	    k->count[2] + k->count[3] + k->count[4], n, sizeof(n)),
	    fmt_rp(k->total, a, sizeof(a)));
	/* A decimal comma on screen; a point in CSV, where a comma splits. */
	if (k->total > 0)
		snprintf(pct, sizeof(pct), csv ? "%lld.%02lld%%" : "%lld,%02lld%%",
		    (long long)(k->par30 * 10000 / k->total / 100),
		    (long long)(k->par30 * 10000 / k->total % 100));
	else
		snprintf(pct, sizeof(pct), csv ? "0.00%%" : "0,00%%");
	if (csv)
		table_row(&sum, "PAR30", ">30", pct, table_rp(&sum, k->par30, a,
		    sizeof(a)));
	table_print(&sum, stdout);
	table_free(&sum);
	if (!csv)
		printf("PAR30 (sisa pokok terlambat lebih dari 30 hari): %s, %s\n",
		    fmt_rp(k->par30, a, sizeof(a)), pct);
	free(k);
	return CTL_OK;
}
