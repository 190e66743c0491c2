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

int
loan_limits_check(struct hctx *ctx, int64_t member_id, int64_t principal,
    int months, int64_t except_id, struct loan_limits *lim)
{
	const struct rules *r = ctx->rules;
	int64_t pokok, wajib, sukarela;
	int rc;

	memset(lim, 0, sizeof(*lim));
	if (member_savings(ctx->db, member_id, &pokok, &wajib, &sukarela) == -1)
		return -1;
	lim->savings = pokok + wajib + sukarela;
	/* The multiple is capped by the maximum before it can overflow. */
	if (lim->savings <= 0)
		lim->cap = 0;
	else if (lim->savings > r->loan_max_amount / r->loan_max_multiple)
		lim->cap = r->loan_max_amount;
	else
		lim->cap = lim->savings * r->loan_max_multiple;
	if ((rc = loan_open_other(ctx->db, member_id, except_id, &lim->open)) != 0) {
		if (rc == -1)
			return -1;
		lim->failed = LOAN_LIMIT_OPEN;
	} else if (months < r->loan_min_months || months > r->loan_max_months)
		lim->failed = LOAN_LIMIT_MONTHS;
	else if (principal > r->loan_max_amount)
		lim->failed = LOAN_LIMIT_AMOUNT;
	else if (principal > lim->cap)
		lim->failed = LOAN_LIMIT_SAVINGS;
	return 0;
}

static const char *
decided_words(enum loan_state st)
{
	switch (st) {
	case LOAN_AKTIF:
		return "disetujui";
	case LOAN_DITOLAK:
		return "ditolak";
	case LOAN_LUNAS:
		return "disetujui dan sudah lunas";
	default:
		return "masih diajukan";
	}
}

/*
 * Reads the loan again inside the deciding transaction; *pending is 0,
 * and why says how it went, when another decision came first.
 */
static int
decision_reread(struct hctx *ctx, struct loan *l, char *why, size_t whylen,
    int *pending)
{
	/* Loans are never deleted: a missing row is a broken database. */
	if (loan_by_id(ctx->db, l->id, l) != 1)
		return -1;
	*pending = l->state == LOAN_DIAJUKAN;
	if (!*pending)
		snprintf(why, whylen, "Pinjaman %s sudah diputuskan: %s.", l->code,
		    decided_words(l->state));
	return 0;
}

/* Every limit again, against the books at the moment of approval. */
static int
approval_refused(struct hctx *ctx, const struct loan *l, const struct member *m,
    char *why, size_t whylen)
{
	const struct rules *r = ctx->rules;
	struct loan_limits lim;
	char a[32], b[32], c[32], who[48];
	int64_t kas_id, kas = 0;
	int n;

	if (loan_limits_check(ctx, m->id, l->principal, l->months, l->id, &lim) == -1)
		return -1;
	if (lim.failed == LOAN_LIMIT_OK) {
		if (account_id(ctx->db, "kas", 0, &kas_id) != 1 ||
		    account_balance(ctx->db, kas_id, &kas) != 1)
			return -1;
		/* Money the cooperative does not hold cannot be lent out. */
		if (kas >= l->principal)
			return 0;
	}
	fmt_rp(l->principal, a, sizeof(a));
	switch (lim.failed) {
	case LOAN_LIMIT_OPEN:
		n = snprintf(why, whylen, "Tidak disetujui: %s masih punya pinjaman"
		    " %s (%s).", member_label(m, who, sizeof(who)), lim.open.code,
		    loan_state_name(lim.open.state));
		break;
	case LOAN_LIMIT_MONTHS:
		n = snprintf(why, whylen, "Tidak disetujui: lama pinjaman %d bulan,"
		    " batas %d-%d bulan.", l->months, r->loan_min_months,
		    r->loan_max_months);
		break;
	case LOAN_LIMIT_AMOUNT:
		n = snprintf(why, whylen, "Tidak disetujui: pinjaman %s melebihi"
		    " batas %s.", a, fmt_rp(r->loan_max_amount, b, sizeof(b)));
		break;
	case LOAN_LIMIT_SAVINGS:
		n = snprintf(why, whylen, "Tidak disetujui: pinjaman %s melebihi"
		    " %dx simpanan %s (maks %s).", a, r->loan_max_multiple,
		    fmt_rp(lim.savings, b, sizeof(b)), fmt_rp(lim.cap, c, sizeof(c)));
		break;
	default:
		n = snprintf(why, whylen, "Tidak disetujui: kas koperasi %s tidak"
		    " cukup untuk pinjaman %s.", fmt_rp(kas, b, sizeof(b)), a);
		break;
	}
	/* The approver learns that nothing happened and nothing was told. */
	if (n >= 0 && (size_t)n < whylen)
		snprintf(why + n, whylen - (size_t)n, " Pengajuan %s tetap menunggu.",
		    l->code);
	return 1;
}

/* loan_decide found the loan no longer pending: say how it was decided. */
static int
decision_lost(struct hctx *ctx, struct loan *l, char *why, size_t whylen)
{
	int pending;

	if (decision_reread(ctx, l, why, whylen, &pending) == -1 || pending)
		return LOAN_DECISION_ERROR;
	return LOAN_DECISION_DECIDED;
}

/* Who decided, as the bendahara reads it: "ketua Sutrisno". */
static int
decided_by(struct hctx *ctx, int64_t officer_id, char *by, size_t len)
{
	struct member o;
	char who[48];
	int rc;

	snprintf(by, len, "pengurus");
	if (officer_id == 0)
		return 0;
	if ((rc = member_by_id(ctx->db, officer_id, &o)) == -1)
		return -1;
	if (rc == 1)
		snprintf(by, len, "%s %s", role_name(o.role),
		    member_short_name(o.name, who, sizeof(who)));
	return 0;
}

/* Every bendahara but the approver hears of cash she is to pay out. */
static int
tell_bendahara(struct hctx *ctx, const struct loan *l, const struct member *m,
    int64_t officer_id, const char *ref)
{
	char a[32], who[48], by[64];

	if (decided_by(ctx, officer_id, by, sizeof(by)) == -1)
		return -1;
	return notify_roles(ctx, ROLE_BENDAHARA, officer_id, PRIO_ALERT,
	    "Pinjaman %s %s %s disetujui %s. Siapkan uangnya, anggota akan"
	    " mengambil di kantor. Ref %s.", l->code,
	    member_label(m, who, sizeof(who)), fmt_rp(l->principal, a, sizeof(a)),
	    by, ref);
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
	int64_t journal_id;
	int i, rc, pending;

	if (decision_reread(ctx, l, why, whylen, &pending) == -1)
		return LOAN_DECISION_ERROR;
	if (!pending)
		return LOAN_DECISION_DECIDED;
	if (l->months > LOAN_MONTHS_MAX ||
	    member_by_id(ctx->db, l->member_id, &m) != 1)
		return LOAN_DECISION_ERROR;
	if ((rc = approval_refused(ctx, l, &m, why, whylen)) != 0)
		return rc == -1 ? LOAN_DECISION_ERROR : LOAN_DECISION_REFUSED;
	if (loan_schedule(l->principal, l->months, l->rate_bp, ctx->today, in) == -1)
		return LOAN_DECISION_ERROR;
	memset(lines, 0, sizeof(lines));
	if (account_id(ctx->db, "piutang_pinjaman", m.id, &lines[0].account_id) != 1 ||
	    account_id(ctx->db, "kas", 0, &lines[1].account_id) != 1)
		return LOAN_DECISION_ERROR;
	lines[0].debit = l->principal;
	lines[1].credit = l->principal;
	memset(&e, 0, sizeof(e));
	e.kind = "pencairan";
	e.memo = l->code;
	e.member_id = m.id;
	e.officer_id = officer_id;
	e.inbox_id = ctx->inbox_id;
	e.at = ctx->now;
	if ((rc = loan_decide(ctx->db, l->id, LOAN_AKTIF, officer_id, ctx->today,
	    ctx->now)) != LOAN_DECIDE_OK)
		return rc == LOAN_DECIDE_NOT_PENDING ?
		    decision_lost(ctx, l, why, whylen) : LOAN_DECISION_ERROR;
	if (ledger_post(ctx->db, &e, lines, 2, &journal_id, ref) == -1)
		return LOAN_DECISION_ERROR;
	for (i = 0; i < l->months; i++) {
		in[i].loan_id = l->id;
		if (instalment_insert(ctx->db, &in[i]) == -1)
			return LOAN_DECISION_ERROR;
	}
	l->state = LOAN_AKTIF;
	snprintf(l->disbursed_on, sizeof(l->disbursed_on), "%s", ctx->today);
	date_human(in[0].due_on, due, sizeof(due));
	/* She must know where to fetch the cash; the treasurer pays it out. */
	if (notify(ctx, m.phone, PRIO_ALERT, "Pinjaman %s %s disetujui."
	    " Angsuran %s/bln x%d, pertama %s. Ref %s. Ambil uang di kantor"
	    " koperasi, jam kerja, bawa KTP.", l->code,
	    fmt_rp(l->principal, a, sizeof(a)),
	    fmt_rp(in[0].principal + in[0].interest, b, sizeof(b)), l->months,
	    due, ref) == -1)
		return LOAN_DECISION_ERROR;
	return tell_bendahara(ctx, l, &m, officer_id, ref) == -1 ?
	    LOAN_DECISION_ERROR : LOAN_DECISION_DONE;
}

#define REASON_MAX	60	/* bytes of the officer's reason the member reads */

int
loan_reject(struct hctx *ctx, struct loan *l, int64_t officer_id,
    const char *reason, char *why, size_t whylen)
{
	struct member m;
	char a[32], r[REASON_MAX + 8], who[48];
	size_t n;
	int rc, pending;

	if (decision_reread(ctx, l, why, whylen, &pending) == -1)
		return LOAN_DECISION_ERROR;
	if (!pending)
		return LOAN_DECISION_DECIDED;
	if (member_by_id(ctx->db, l->member_id, &m) != 1)
		return LOAN_DECISION_ERROR;
	if ((rc = loan_decide(ctx->db, l->id, LOAN_DITOLAK, officer_id, NULL,
	    ctx->now)) != LOAN_DECIDE_OK)
		return rc == LOAN_DECIDE_NOT_PENDING ?
		    decision_lost(ctx, l, why, whylen) : LOAN_DECISION_ERROR;
	l->state = LOAN_DITOLAK;
	/* A decision by another officer reaches the bendahara too. */
	if (decided_by(ctx, officer_id, r, sizeof(r)) == -1 ||
	    notify_roles(ctx, ROLE_BENDAHARA, officer_id, PRIO_ALERT, "Pengajuan"
	    " pinjaman %s %s %s ditolak %s.", l->code,
	    member_label(&m, who, sizeof(who)), fmt_rp(l->principal, a, sizeof(a)),
	    r) == -1)
		return LOAN_DECISION_ERROR;
	if (reason == NULL || reason[0] == '\0')
		return notify(ctx, m.phone, PRIO_ALERT, "Pengajuan pinjaman %s %s"
		    " belum dapat disetujui. Hubungi pengurus koperasi untuk"
		    " keterangan.", l->code, fmt_rp(l->principal, a, sizeof(a))) ==
		    -1 ? LOAN_DECISION_ERROR : LOAN_DECISION_DONE;
	/* The reason as the officer wrote it, cut between characters. */
	pin_runs_masked(reason, r, sizeof(r));
	n = strlen(r);
	if (n > REASON_MAX) {
		n = REASON_MAX;
		while (n > 0 && ((unsigned char)r[n] & 0xc0) == 0x80)
			n--;
	}
	return notify(ctx, m.phone, PRIO_ALERT, "Pengajuan pinjaman %s %s belum"
	    " dapat disetujui. Alasan: %.*s. Hubungi pengurus bila perlu.",
	    l->code, fmt_rp(l->principal, a, sizeof(a)), (int)n, r) == -1 ?
	    LOAN_DECISION_ERROR : LOAN_DECISION_DONE;
}

int64_t
loan_left(const struct loan_standing *s)
{
	return s->principal_left + s->interest_left;
}

int
member_loan_left(struct db *db, int64_t member_id, const char *today,
    int penalty_bp_day, int64_t *left, int64_t *principal)
{
	struct loan_standing s;
	struct loan l;
	int rc;

	*left = *principal = 0;
	if ((rc = loan_open_for_member(db, member_id, &l)) != 1)
		return rc;
	if (l.state != LOAN_AKTIF)
		return 0;
	if (loan_standing(db, &l, today, penalty_bp_day, &s) == -1)
		return -1;
	*left = loan_left(&s);
	*principal = s.principal_left;
	return 0;
}
