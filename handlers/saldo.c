/* SALDO: a member's savings and outstanding loan. */
#include <stdio.h>

#include "handlers/handlers.h"

static int saldo_exec(struct hctx *);

const struct handler_entry handler_saldo = {
	"SALDO", { "CEK", "CEKSALDO", NULL }, ROLE_ANY_MEMBER, 0,
	{ { "P", "Ketik SALDO lalu PIN Anda, mis. SALDO 1234" }, { NULL, NULL } },
	saldo_exec, "SALDO PIN: cek simpanan & pinjaman"
};

static int
saldo_exec(struct hctx *ctx)
{
	int64_t pokok, wajib, sukarela, loan, left, principal;
	char who[48], p[32], w[32], s[32], t[32], l[32], loantext[80];

	if (member_savings(ctx->db, ctx->me.id, &pokok, &wajib, &sukarela) == -1 ||
	    member_loan_outstanding(ctx->db, ctx->me.id, &loan) == -1 ||
	    member_loan_left(ctx->db, ctx->me.id, ctx->today,
	    ctx->rules->loan_penalty_bp_day, &left, &principal) == -1)
		return -1;
	/* The same "sisa pinjaman" as TAGIHAN and BAYAR, its principal named. */
	if (left > 0)
		snprintf(loantext, sizeof(loantext), "Sisa pinjaman %s (pokok %s).",
		    fmt_rp(left, l, sizeof(l)), fmt_rp(principal, t, sizeof(t)));
	else
		snprintf(loantext, sizeof(loantext), "Pinjaman %s.",
		    fmt_rp(loan, l, sizeof(l)));
	return reply(ctx, "Saldo %s: Pokok %s, Wajib %s, Sukarela %s. Total %s."
	    " %s", member_label(&ctx->me, who, sizeof(who)),
	    fmt_rp(pokok, p, sizeof(p)), fmt_rp(wajib, w, sizeof(w)),
	    fmt_rp(sukarela, s, sizeof(s)),
	    fmt_rp(pokok + wajib + sukarela, t, sizeof(t)), loantext);
}
