/*
 * kopdesctl export members|loans|ledger [--from DAY] [--to DAY] FILE.csv:
 * files for Simkopdes and the accountant (members by the day they joined,
 * loans by the day applied for, ledger lines by the day posted).  UTF-8, one header row of the column names README
 * documents, dates as YYYY-MM-DD, rupiah as whole numbers.  The members
 * file is what `member import` reads back.  The file appears whole or not
 * at all: it is written beside and renamed into place.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gateway/ctl.h"

struct export {
	struct ctl	*c;
	struct table	 t;
	char		 from[11], to[11];	/* days, "" unbounded */
};

/* Members by the day they joined, loans by the day they were applied for. */
static int
in_span(const struct export *x, const char *day)
{
	return (x->from[0] == '\0' || (day[0] != '\0' && strcmp(day, x->from) >= 0)) &&
	    (x->to[0] == '\0' || (day[0] != '\0' && strcmp(day, x->to) <= 0));
}

static int
member_line(const struct member *m, void *arg)
{
	struct export *x = arg;
	struct member_extra e;
	int64_t pokok, wajib, sukarela;
	char a[24], b[24], d[24];

	if (member_extra_get(&x->c->db, m->id, &e) != 1 ||
	    member_savings(&x->c->db, m->id, &pokok, &wajib, &sukarela) == -1)
		return -1;
	if (!in_span(x, e.joined_on))
		return 0;
	return table_row(&x->t, m->number, m->phone, m->name, role_name(m->role),
	    e.nik, e.address, e.joined_on, e.left_on, m->locked ? "1" : "0",
	    table_int(pokok, a, sizeof(a)), table_int(wajib, b, sizeof(b)),
	    table_int(sukarela, d, sizeof(d)));
}

static int
loan_line(const struct loan *l, void *arg)
{
	struct export *x = arg;
	struct member m;
	struct loan_sisa s;
	char n[8][24], applied[11];

	if (member_by_id(&x->c->db, l->member_id, &m) != 1 ||
	    ctl_loan_sisa(x->c, l, &s) == -1)
		return -1;
	date_of(l->applied_at, applied);
	if (!in_span(x, applied))
		return 0;
	return table_row(&x->t, l->code, m.number, m.name,
	    table_int(l->principal, n[0], 24), table_int(l->months, n[1], 24),
	    table_int(l->rate_bp, n[2], 24), loan_state_name(l->state), applied,
	    l->disbursed_on, table_int(s.instalment, n[3], 24),
	    table_int(s.principal_left, n[4], 24), table_int(s.sisa, n[5], 24),
	    table_int(s.days_late, n[6], 24), table_int(s.penalty, n[7], 24),
	    l->state == LOAN_AKTIF ? ctl_kol_name(ctl_kol_class(x->c, s.days_late)) :
	    "");
}

static int
ledger_line(const struct ledger_row *r, void *arg)
{
	struct export *x = arg;
	char day[11], at[6], d[24], k[24];
	struct tm tm;
	time_t when = r->at;

	date_of(r->at, day);
	localtime_r(&when, &tm);
	strftime(at, sizeof(at), "%H:%M", &tm);
	return table_row(&x->t, day, at, r->ref, r->kind, r->member,
	    r->account, r->account_member, table_int(r->debit, d, sizeof(d)),
	    table_int(r->credit, k, sizeof(k)), r->reverses, r->memo);
}

static int
export_write(struct export *x, const char *path)
{
	char tmp[4200];
	FILE *fp;

	snprintf(tmp, sizeof(tmp), "%.4090s.tmp", path);
	if ((fp = fopen(tmp, "w")) == NULL)
		return ctl_refuse("%s: tidak dapat ditulis", path);
	/* Members' NIK and balances: readable by the operator only. */
	fchmod(fileno(fp), 0600);
	table_print(&x->t, fp);
	if (fflush(fp) != 0 || ferror(fp)) {
		fclose(fp);
		remove(tmp);
		return ctl_refuse("%s: gagal menulis", path);
	}
	fclose(fp);
	if (rename(tmp, path) == -1) {
		remove(tmp);
		return ctl_refuse("%s: tidak dapat ditulis", path);
	}
	printf("%s: %d baris ditulis\n", path, x->t.nrows);
	return CTL_OK;
}

static int
export_run(struct ctl *c, int argc, char **argv, int what)
{
	struct export x;
	struct ledger_filter f = { 0 };
	char used[8] = { 0 };
	const char *from, *to, *file = NULL;
	int rc;

	if (argc > (int)sizeof(used))
		return CTL_USAGE;
	from = ctl_opt(argc, argv, "--from", used);
	to = ctl_opt(argc, argv, "--to", used);
	if (ctl_one_word(argc, argv, used, &file) == -1 || file == NULL)
		return CTL_USAGE;
	memset(&x, 0, sizeof(x));
	x.c = c;
	/* Checked as days by the filter; kept as text for the register's dates. */
	if (ctl_ledger_filter(c, from, to, NULL, &f) != CTL_OK)
		return CTL_REFUSED;
	snprintf(x.from, sizeof(x.from), "%s", from ? from : "");
	snprintf(x.to, sizeof(x.to), "%s", to ? to : "");
	if (what == 0) {
		table_init(&x.t, 1, "number|phone|name|role|nik|address|joined_on"
		    "|left_on|locked|pokok|wajib|sukarela");
		rc = member_foreach(&c->db, member_line, &x);
	} else if (what == 1) {
		table_init(&x.t, 1, "code|member|name|principal|months|rate_bp"
		    "|state|applied_on|disbursed_on|instalment|principal_left"
		    "|sisa|days_late|penalty|kolektibilitas");
		rc = loan_foreach(&c->db, -1, loan_line, &x);
	} else {
		table_init(&x.t, 1, "date|time|ref|kind|member|account"
		    "|account_member|debit|credit|reverses|memo");
		rc = ledger_rows_foreach(&c->db, &f, ledger_line, &x);
	}
	if (rc == -1) {
		table_free(&x.t);
		return ctl_refuse("kesalahan basis data");
	}
	rc = export_write(&x, file);
	table_free(&x.t);
	return rc;
}

int
ctl_export_members(struct ctl *c, int argc, char **argv)
{
	return export_run(c, argc, argv, 0);
}

int
ctl_export_loans(struct ctl *c, int argc, char **argv)
{
	return export_run(c, argc, argv, 1);
}

int
ctl_export_ledger(struct ctl *c, int argc, char **argv)
{
	return export_run(c, argc, argv, 2);
}
