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
	char who[48], p[32], w[32], s[32], t[32], l[32], loantext[80], owed[80];
	char text[400];
	struct wajib_due wd;

	if (member_balances(ctx->db, ctx->me.id, &pokok, &wajib, &sukarela,
	    &loan) == -1 ||
	    member_loan_left(ctx->db, ctx->me.id, ctx->today,
	    ctx->rules->loan_penalty_bp_day, &left, &principal) == -1 ||
	    wajib_standing(ctx->db, ctx->rules, ctx->me.id, ctx->today, &wd) == -1)
		return -1;
	wajib_text(&wd, owed, sizeof(owed));
	/* The same "sisa pinjaman" as TAGIHAN and BAYAR, its principal named. */
	if (left > 0)
		snprintf(loantext, sizeof(loantext), "Sisa pinjaman %s (pokok %s).",
		    fmt_rp(left, l, sizeof(l)), fmt_rp(principal, t, sizeof(t)));
	else
		snprintf(loantext, sizeof(loantext), "Pinjaman %s.",
		    fmt_rp(loan, l, sizeof(l)));
	snprintf(text, sizeof(text), "Saldo %s: Pokok %s, Wajib %s, Sukarela %s."
	    " Total %s. %s%s", member_label(&ctx->me, who, sizeof(who)),
	    fmt_rp(pokok, p, sizeof(p)), fmt_rp(wajib, w, sizeof(w)),
	    fmt_rp(sukarela, s, sizeof(s)),
	    fmt_rp(pokok + wajib + sukarela, t, sizeof(t)), loantext, owed);
	/* One SMS: the principal and then the name give way first. */
	if (sms_parts(text) > 1 && left > 0) {
		snprintf(loantext, sizeof(loantext), "Sisa pinjaman %s.",
		    fmt_rp(left, l, sizeof(l)));
		snprintf(text, sizeof(text), "Saldo %s: Pokok %s, Wajib %s, Sukarela"
		    " %s. Total %s. %s%s", ctx->me.number, p, w, s,
		    fmt_rp(pokok + wajib + sukarela, t, sizeof(t)), loantext, owed);
	}
	return reply(ctx, "%s", text);
}
