/* PINJAM: apply for a loan, or ask how the application or loan stands. */
#include <stdio.h>
#include <string.h>

#include "handlers/handlers.h"

static int pinjam_exec(struct hctx *);

const struct handler_entry handler_pinjam = {
	"PINJAM", { "PINJAMAN", NULL }, ROLE_ANY_MEMBER, 0,
	{ { "ANP", "Ketik PINJAM, jumlah, lama (bulan), PIN Anda; mis. PINJAM"
	    " 2jt 12 1234" },
	  { "P", "Ketik PINJAM lalu PIN Anda, mis. PINJAM 1234" },
	  { NULL, NULL } },
	pinjam_exec, "PINJAM JUMLAH BULAN PIN: ajukan pinjaman"
};

/* The limits of SPEC §3, checked before anything is written. */
static int
pinjam_refused(struct hctx *ctx, int64_t amount, int months,
    struct loan_limits *lim)
{
	const struct rules *r = ctx->rules;
	char a[32], b[32];

	if (loan_limits_check(ctx, ctx->me.id, amount, months, 0, lim) == -1)
		return -1;
	switch (lim->failed) {
	case LOAN_LIMIT_OPEN:
		return reply(ctx, "Anda masih punya pinjaman %s (%s). Satu pinjaman"
		    " sekali waktu.", lim->open.code,
		    loan_state_name(lim->open.state)) == -1 ? -1 : 1;
	case LOAN_LIMIT_MONTHS:
		return reply(ctx, "Lama pinjaman %d-%d bulan.", r->loan_min_months,
		    r->loan_max_months) == -1 ? -1 : 1;
	case LOAN_LIMIT_AMOUNT:
		return reply(ctx, "Pinjaman paling besar %s.",
		    fmt_rp(r->loan_max_amount, a, sizeof(a))) == -1 ? -1 : 1;
	case LOAN_LIMIT_SAVINGS:
		return reply(ctx, "Pinjaman paling besar %dx simpanan: %s"
		    " (simpanan Anda %s).", r->loan_max_multiple,
		    fmt_rp(lim->cap, a, sizeof(a)),
		    fmt_rp(lim->savings, b, sizeof(b))) == -1 ? -1 : 1;
	case LOAN_LIMIT_OK:
		break;
	}
	return 0;
}

static int
pinjam_apply(struct hctx *ctx)
{
	const struct parsed *p = ctx->cmd;
	struct instalment first[LOAN_MONTHS_MAX];
	struct loan_limits lim;
	struct loan l;
	char a[32], b[32], c[32], who[48];
	int rc;

	if ((rc = pinjam_refused(ctx, p->amount, p->months, &lim)) != 0)
		return rc == -1 ? -1 : 0;
	memset(&l, 0, sizeof(l));
	l.member_id = ctx->me.id;
	l.principal = p->amount;
	l.months = p->months;
	l.rate_bp = ctx->rules->loan_rate_bp_month;
	l.state = LOAN_DIAJUKAN;
	l.applied_at = ctx->now;
	if (loan_insert(ctx->db, &l) == -1 ||
	    loan_schedule(l.principal, l.months, l.rate_bp, ctx->today, first) == -1)
		return -1;
	if (reply(ctx, "Pengajuan pinjaman %s %s, %d bln diterima. Perkiraan"
	    " angsuran %s/bln. Tunggu persetujuan pengurus.", l.code,
	    fmt_rp(l.principal, a, sizeof(a)), l.months,
	    fmt_rp(first[0].principal + first[0].interest, b, sizeof(b))) == -1)
		return -1;
	return notify_roles(ctx, ROLE_KETUA | ROLE_BENDAHARA, ctx->me.id,
	    PRIO_ALERT, "Pengajuan pinjaman %s: %s %s, %d bln. Simpanan %s."
	    " Balas SETUJU %s PIN atau TOLAK %s PIN.", l.code,
	    member_label(&ctx->me, who, sizeof(who)),
	    fmt_rp(l.principal, a, sizeof(a)), l.months,
	    fmt_rp(lim.savings, c, sizeof(c)), l.code, l.code);
}

static int
pinjam_status(struct hctx *ctx)
{
	struct loan l;
	struct loan_standing s;
	char a[160], b[32], c[32], due[24];
	int rc;

	if ((rc = loan_latest_for_member(ctx->db, ctx->me.id, &l)) == -1)
		return -1;
	if (rc == 0)
		return reply(ctx, "Anda tidak punya pinjaman. Untuk mengajukan: %s.",
		    usage_example(ctx->cmd, handler_pinjam.forms[0].usage, a,
		    sizeof(a)));
	switch (l.state) {
	case LOAN_DIAJUKAN:
		return reply(ctx, "Pinjaman %s %s (%d bln) menunggu persetujuan"
		    " pengurus.", l.code, fmt_rp(l.principal, a, sizeof(a)), l.months);
	case LOAN_DITOLAK:
		return reply(ctx, "Pengajuan pinjaman %s %s tidak disetujui.",
		    l.code, fmt_rp(l.principal, a, sizeof(a)));
	case LOAN_LUNAS:
		return reply(ctx, "Pinjaman %s %s sudah lunas. Terima kasih.",
		    l.code, fmt_rp(l.principal, a, sizeof(a)));
	case LOAN_AKTIF:
		break;
	}
	if (loan_standing(ctx->db, &l, ctx->today, ctx->rules->loan_penalty_bp_day,
	    &s) == -1)
		return -1;
	date_human(s.next.due_on, due, sizeof(due));
	if (s.overdue > 0)
		return reply(ctx, "Pinjaman %s: sisa pinjaman %s (pokok %s)."
		    " Angsuran ke-%d %s terlambat %d hari. Sisa %d kali.", l.code,
		    fmt_rp(loan_left(&s), a, sizeof(a)),
		    fmt_rp(s.principal_left, c, sizeof(c)), s.next.seq,
		    fmt_rp(s.next_due, b, sizeof(b)),
		    date_days_between(s.next.due_on, ctx->today), s.left);
	return reply(ctx, "Pinjaman %s: sisa pinjaman %s (pokok %s). Angsuran"
	    " berikut %s, jatuh tempo %s. Sisa %d kali.", l.code,
	    fmt_rp(loan_left(&s), a, sizeof(a)),
	    fmt_rp(s.principal_left, c, sizeof(c)),
	    fmt_rp(s.next_due, b, sizeof(b)), due, s.left);
}

static int
pinjam_exec(struct hctx *ctx)
{
	return ctx->cmd->form == 0 ? pinjam_apply(ctx) : pinjam_status(ctx);
}
