/*
 * Loan decisions and a loan's standing, shared by SETUJU/TOLAK, PINJAM,
 * BAYAR, TAGIHAN and `kopdesctl loan approve/reject`.
 */
#include <stdio.h>
#include <string.h>

#include "handlers/handlers.h"

int
loan_standing(struct db *db, const struct loan *l, const char *today,
    int penalty_bp_day, struct loan_standing *s)
{
	struct instalment in[LOAN_MONTHS_MAX];
	int64_t owed, pen;
	int n, i;

	memset(s, 0, sizeof(*s));
	if ((n = instalment_unpaid(db, l->id, in, LOAN_MONTHS_MAX)) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		pen = instalment_penalty(&in[i], today, penalty_bp_day);
		owed = in[i].principal - in[i].paid_principal +
		    in[i].interest - in[i].paid_interest;
		s->principal_left += in[i].principal - in[i].paid_principal;
		s->interest_left += in[i].interest - in[i].paid_interest;
		s->penalty_due += pen;
		if (date_days_between(in[i].due_on, today) > 0) {
			s->overdue++;
			s->overdue_amount += owed + pen;
		}
		if (i == 0) {
			s->has_next = 1;
			s->next = in[0];
			s->next_due = owed + pen;
		}
	}
	s->left = n;
	s->total_due = s->principal_left + s->interest_left + s->penalty_due;
	return 0;
}

static const char *
state_words(enum loan_state st)
{
	switch (st) {
	case LOAN_AKTIF:
		return "sudah disetujui";
	case LOAN_DITOLAK:
		return "sudah ditolak";
	case LOAN_LUNAS:
		return "sudah lunas";
	default:
		return "masih diajukan";
	}
}

int
loan_approve(struct hctx *ctx, struct loan *l, int64_t officer_id,
    char ref[LEDGER_REF_LEN], char *why, size_t whylen)
{
	struct instalment in[LOAN_MONTHS_MAX];
	struct ledger_line lines[2];
	struct ledger_entry e;
	struct member m;
	char a[32], b[32], due[24];
	int64_t kas_id, kas, journal_id;
	int i;

	if (l->state != LOAN_DIAJUKAN) {
		snprintf(why, whylen, "Pinjaman %s %s.", l->code, state_words(l->state));
		return 0;
	}
	if (l->months > LOAN_MONTHS_MAX ||
	    member_by_id(ctx->db, l->member_id, &m) != 1 ||
	    account_id(ctx->db, "kas", 0, &kas_id) != 1 ||
	    account_balance(ctx->db, kas_id, &kas) != 1)
		return -1;
	/* Money the cooperative does not hold cannot be lent out. */
	if (kas < l->principal) {
		snprintf(why, whylen, "Kas koperasi %s tidak cukup untuk pinjaman"
		    " %s %s.", fmt_rp(kas, a, sizeof(a)), l->code,
		    fmt_rp(l->principal, b, sizeof(b)));
		return 0;
	}
	if (loan_schedule(l->principal, l->months, l->rate_bp, ctx->today, in) == -1)
		return -1;
	memset(lines, 0, sizeof(lines));
	if (account_id(ctx->db, "piutang_pinjaman", m.id, &lines[0].account_id) != 1)
		return -1;
	lines[0].debit = l->principal;
	lines[1].account_id = kas_id;
	lines[1].credit = l->principal;
	memset(&e, 0, sizeof(e));
	e.kind = "pencairan";
	e.memo = l->code;
	e.member_id = m.id;
	e.officer_id = officer_id;
	e.inbox_id = ctx->inbox_id;
	e.at = ctx->now;
	if (ledger_post(ctx->db, &e, lines, 2, &journal_id, ref) == -1 ||
	    loan_decide(ctx->db, l->id, LOAN_AKTIF, officer_id, ctx->today,
	    ctx->now) == -1)
		return -1;
	for (i = 0; i < l->months; i++) {
		in[i].loan_id = l->id;
		if (instalment_insert(ctx->db, &in[i]) == -1)
			return -1;
	}
	l->state = LOAN_AKTIF;
	snprintf(l->disbursed_on, sizeof(l->disbursed_on), "%s", ctx->today);
	date_human(in[0].due_on, due, sizeof(due));
	return notify(ctx, m.phone, PRIO_ALERT, "Pinjaman %s %s disetujui."
	    " Angsuran %s/bln x%d, pertama %s. Ref %s.", l->code,
	    fmt_rp(l->principal, a, sizeof(a)),
	    fmt_rp(in[0].principal + in[0].interest, b, sizeof(b)), l->months,
	    due, ref) == -1 ? -1 : 1;
}

int
loan_reject(struct hctx *ctx, struct loan *l, int64_t officer_id, char *why,
    size_t whylen)
{
	struct member m;
	char a[32];

	if (l->state != LOAN_DIAJUKAN) {
		snprintf(why, whylen, "Pinjaman %s %s.", l->code, state_words(l->state));
		return 0;
	}
	if (member_by_id(ctx->db, l->member_id, &m) != 1 ||
	    loan_decide(ctx->db, l->id, LOAN_DITOLAK, officer_id, NULL,
	    ctx->now) == -1)
		return -1;
	l->state = LOAN_DITOLAK;
	return notify(ctx, m.phone, PRIO_ALERT, "Pengajuan pinjaman %s %s belum"
	    " dapat disetujui. Hubungi pengurus koperasi untuk keterangan.",
	    l->code, fmt_rp(l->principal, a, sizeof(a))) == -1 ? -1 : 1;
}
