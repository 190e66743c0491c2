/* TAGIHAN: the next instalment and any arrears. */
#include <stdio.h>

#include "handlers/handlers.h"

static int tagihan_exec(struct hctx *);

const struct handler_entry handler_tagihan = {
	"TAGIHAN", { "TAGIH", NULL }, ROLE_ANY_MEMBER, 0,
	{ { "P", "Ketik TAGIHAN lalu PIN Anda, mis. TAGIHAN 1234" },
	  { NULL, NULL } },
	tagihan_exec, "TAGIHAN PIN: angsuran berikutnya"
};

static int
tagihan_exec(struct hctx *ctx)
{
	struct loan l;
	struct loan_standing s;
	struct wajib_due wd;
	char a[32], b[32], c[32], due[24], owed[80];
	int rc, late;

	if ((rc = loan_open_for_member(ctx->db, ctx->me.id, &l)) == -1 ||
	    wajib_standing(ctx->db, ctx->rules, ctx->me.id, ctx->today, &wd) == -1)
		return -1;
	wajib_text(&wd, owed, sizeof(owed));
	if (rc == 0 || l.state != LOAN_AKTIF)
		return reply(ctx, "Anda tidak punya tagihan pinjaman.%s", owed);
	if (loan_standing(ctx->db, &l, ctx->today, ctx->rules->loan_penalty_bp_day,
	    &s) == -1)
		return -1;
	date_human(s.next.due_on, due, sizeof(due));
	/* Overdue reads as overdue: how late, and the penalty it costs. */
	if (s.overdue > 0) {
		late = date_days_between(s.next.due_on, ctx->today);
		return reply(ctx, "Tagihan %s: TUNGGAKAN %d angsuran, %s termasuk"
		    " denda. Angsuran ke-%d terlambat %d hari, denda %s. Sisa"
		    " pinjaman %s.%s", l.code, s.overdue,
		    fmt_rp(s.overdue_amount, a, sizeof(a)), s.next.seq, late,
		    fmt_rp(instalment_penalty(&s.next, ctx->today,
		    ctx->rules->loan_penalty_bp_day), b, sizeof(b)),
		    fmt_rp(loan_left(&s), c, sizeof(c)), owed);
	}
	return reply(ctx, "Tagihan %s: angsuran ke-%d %s, jatuh tempo %s. Sisa"
	    " pinjaman %s.%s", l.code, s.next.seq, fmt_rp(s.next_due, a, sizeof(a)),
	    due, fmt_rp(loan_left(&s), b, sizeof(b)), owed);
}
