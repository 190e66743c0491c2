/*
 * BAYAR: an officer records a loan repayment in cash.  It pays the oldest
 * unpaid instalment first, and within it the late penalty, then the
 * interest, then the principal (SPEC §3), in one balanced entry.
 */
#include <stdio.h>
#include <string.h>

#include "handlers/handlers.h"

static int bayar_exec(struct hctx *);

const struct handler_entry handler_bayar = {
	"BAYAR", { "ANGSUR", NULL }, ROLE_KASIR | ROLE_BENDAHARA, 0,
	{ { "MAP", "Ketik BAYAR, no. anggota, jumlah, PIN; mis. BAYAR A017"
	    " 250rb 1234" }, { NULL, NULL } },
	bayar_exec, "BAYAR NO JUMLAH PIN: terima angsuran"
};

struct split {
	int64_t		 id;
	int64_t		 penalty, interest, principal;
};

static int64_t
take(int64_t *left, int64_t want)
{
	int64_t t = *left < want ? *left : want;

	*left -= t;
	return t;
}

/* Spreads amount over the unpaid instalments, oldest first. */
static int
allocate(const struct instalment *in, int n, const char *today, int bp,
    int64_t amount, struct split *out, int64_t totals[3])
{
	int i, used = 0;

	memset(totals, 0, 3 * sizeof(int64_t));
	for (i = 0; i < n && amount > 0; i++) {
		out[used].id = in[i].id;
		out[used].penalty = take(&amount, instalment_penalty(&in[i], today, bp));
		out[used].interest = take(&amount, in[i].interest - in[i].paid_interest);
		out[used].principal = take(&amount,
		    in[i].principal - in[i].paid_principal);
		totals[0] += out[used].penalty;
		totals[1] += out[used].interest;
		totals[2] += out[used].principal;
		used++;
	}
	return used;
}

static int
bayar_exec(struct hctx *ctx)
{
	const struct parsed *p = ctx->cmd;
	struct instalment in[LOAN_MONTHS_MAX];
	struct split sp[LOAN_MONTHS_MAX];
	struct ledger_line lines[4];
	struct ledger_entry e;
	struct loan_standing s;
	struct member m;
	struct loan l;
	char ref[LEDGER_REF_LEN], a[32], b[32], who[48], due[24], by[48];
	int64_t totals[3], journal_id;
	int rc, n, used, i, nl = 0;
	const char *income[3] = { "pendapatan_denda", "pendapatan_jasa", NULL };

	if ((rc = member_resolve(ctx, p->member, p->member_is_phone, &m)) != 1)
		return rc == -1 ? -1 : reply(ctx, "Anggota %s tidak terdaftar.",
		    p->member);
	if ((rc = loan_open_for_member(ctx->db, m.id, &l)) == -1)
		return -1;
	if (rc == 0 || l.state != LOAN_AKTIF)
		return reply(ctx, "%s tidak punya pinjaman berjalan.",
		    member_label(&m, who, sizeof(who)));
	if (loan_standing(ctx->db, &l, ctx->today, ctx->rules->loan_penalty_bp_day,
	    &s) == -1)
		return -1;
	if (p->amount > s.total_due)
		return reply(ctx, "Jumlah melebihi sisa pinjaman %s %s: paling"
		    " banyak %s.", l.code, member_label(&m, who, sizeof(who)),
		    fmt_rp(s.total_due, a, sizeof(a)));
	if ((n = instalment_unpaid(ctx->db, l.id, in, LOAN_MONTHS_MAX)) == -1)
		return -1;
	used = allocate(in, n, ctx->today, ctx->rules->loan_penalty_bp_day,
	    p->amount, sp, totals);

	memset(lines, 0, sizeof(lines));
	if (account_id(ctx->db, "kas", 0, &lines[nl].account_id) != 1)
		return -1;
	lines[nl++].debit = p->amount;
	for (i = 0; i < 3; i++) {
		if (totals[i] == 0)
			continue;
		if (account_id(ctx->db, income[i] ? income[i] : "piutang_pinjaman",
		    income[i] ? 0 : m.id, &lines[nl].account_id) != 1)
			return -1;
		lines[nl++].credit = totals[i];
	}
	memset(&e, 0, sizeof(e));
	e.kind = "angsuran";
	e.memo = l.code;
	e.member_id = m.id;
	e.officer_id = ctx->me.id;
	e.inbox_id = ctx->inbox_id;
	e.at = ctx->now;
	if (ledger_post(ctx->db, &e, lines, nl, &journal_id, ref) == -1)
		return -1;
	for (i = 0; i < used; i++)
		if (instalment_pay(ctx->db, sp[i].id, journal_id, sp[i].penalty,
		    sp[i].interest, sp[i].principal) == -1)
			return -1;
	if (loan_standing(ctx->db, &l, ctx->today, ctx->rules->loan_penalty_bp_day,
	    &s) == -1)
		return -1;
	if (tell_treasurer(ctx, ctx->rules->alert_per_repayment, m.id,
	    "Angsuran %s %s %s, dicatat %s. Ref %s.", l.code,
	    member_label(&m, who, sizeof(who)), fmt_rp(p->amount, a, sizeof(a)),
	    officer_words(ctx, by, sizeof(by)), ref) == -1)
		return -1;
	if (s.left == 0) {
		if (loan_set_state(ctx->db, l.id, LOAN_LUNAS) == -1 ||
		    notify(ctx, m.phone, PRIO_ALERT, "Angsuran %s %s diterima."
		    " Pinjaman %s LUNAS. Terima kasih. Ref %s.", l.code,
		    fmt_rp(p->amount, a, sizeof(a)), l.code, ref) == -1)
			return -1;
		return reply(ctx, "Angsuran %s %s %s tercatat; pinjaman lunas."
		    " Ref %s.", member_label(&m, who, sizeof(who)), l.code,
		    fmt_rp(p->amount, a, sizeof(a)), ref);
	}
	date_human(s.next.due_on, due, sizeof(due));
	if (notify(ctx, m.phone, PRIO_ALERT, "Angsuran %s %s diterima. Sisa"
	    " pinjaman %s. Berikut %s, jatuh tempo %s. Ref %s.", l.code,
	    fmt_rp(p->amount, a, sizeof(a)),
	    fmt_rp(loan_left(&s), b, sizeof(b)),
	    fmt_rp(s.next_due, who, sizeof(who)), due, ref) == -1)
		return -1;
	return reply(ctx, "Angsuran %s %s %s tercatat. Sisa %s. Ref %s.",
	    member_label(&m, who, sizeof(who)), l.code,
	    fmt_rp(p->amount, a, sizeof(a)),
	    fmt_rp(loan_left(&s), b, sizeof(b)), ref);
}
