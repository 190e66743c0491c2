/* SALDO: a member's savings and outstanding loan. */
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
	int64_t pokok, wajib, sukarela, loan;
	char who[48], p[32], w[32], s[32], t[32], l[32];

	if (member_savings(ctx->db, ctx->me.id, &pokok, &wajib, &sukarela) == -1 ||
	    member_loan_outstanding(ctx->db, ctx->me.id, &loan) == -1)
		return -1;
	return reply(ctx, "Saldo %s: Pokok %s, Wajib %s, Sukarela %s. Total %s."
	    " Pinjaman %s.", member_label(&ctx->me, who, sizeof(who)),
	    fmt_rp(pokok, p, sizeof(p)), fmt_rp(wajib, w, sizeof(w)),
	    fmt_rp(sukarela, s, sizeof(s)),
	    fmt_rp(pokok + wajib + sukarela, t, sizeof(t)),
	    fmt_rp(loan, l, sizeof(l)));
}
