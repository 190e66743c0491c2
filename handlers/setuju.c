/* SETUJU and TOLAK: the board decides a loan application. */
#include <stdio.h>

#include "handlers/handlers.h"

static int setuju_exec(struct hctx *);
static int tolak_exec(struct hctx *);

const struct handler_entry handler_setuju = {
	"SETUJU", { NULL }, ROLE_KETUA | ROLE_BENDAHARA, 0,
	{ { "CP", "Ketik SETUJU, kode pinjaman, PIN; mis. SETUJU P0007 1234" },
	  { NULL, NULL } },
	setuju_exec, "SETUJU KODE PIN: setujui pinjaman"
};

const struct handler_entry handler_tolak = {
	"TOLAK", { NULL }, ROLE_KETUA | ROLE_BENDAHARA, 0,
	{ { "CP", "Ketik TOLAK, kode pinjaman, [alasan], PIN; mis. TOLAK"
	    " P0007 simpanan kurang 1234" },
	  { "CIP", "Ketik TOLAK, kode pinjaman, [alasan], PIN; mis. TOLAK"
	    " P0007 simpanan kurang 1234" },
	  { NULL, NULL } },
	tolak_exec, "TOLAK KODE PIN: tolak pinjaman"
};

/* 1 found and decidable by this officer, 0 refused with a reply. */
static int
decision_find(struct hctx *ctx, struct loan *l, struct member *m)
{
	int rc;

	if ((rc = loan_by_code(ctx->db, ctx->cmd->code, l)) == -1)
		return -1;
	if (rc == 0)
		return reply(ctx, "Pinjaman %s tidak ditemukan.", ctx->cmd->code) ==
		    -1 ? -1 : 0;
	/* No one decides her own loan. */
	if (l->member_id == ctx->me.id)
		return reply(ctx, "Pinjaman %s adalah pinjaman Anda sendiri;"
		    " pengurus lain yang memutuskan.", l->code) == -1 ? -1 : 0;
	return member_by_id(ctx->db, l->member_id, m) == 1 ? 1 : -1;
}

static int
setuju_exec(struct hctx *ctx)
{
	struct loan l;
	struct member m;
	char ref[LEDGER_REF_LEN], why[200], a[32], who[48];
	int rc;

	if ((rc = decision_find(ctx, &l, &m)) != 1)
		return rc;
	if ((rc = loan_approve(ctx, &l, ctx->me.id, ref, why,
	    sizeof(why))) == LOAN_DECISION_ERROR)
		return -1;
	if (rc != LOAN_DECISION_DONE)
		return reply(ctx, "%s", why);
	return reply(ctx, "Pinjaman %s %s %s disetujui dan dicairkan. Ref %s.",
	    l.code, member_label(&m, who, sizeof(who)),
	    fmt_rp(l.principal, a, sizeof(a)), ref);
}

static int
tolak_exec(struct hctx *ctx)
{
	struct loan l;
	struct member m;
	char why[200], a[32], who[48];
	int rc;

	if ((rc = decision_find(ctx, &l, &m)) != 1)
		return rc;
	if ((rc = loan_reject(ctx, &l, ctx->me.id, ctx->cmd->item, why,
	    sizeof(why))) == LOAN_DECISION_ERROR)
		return -1;
	if (rc != LOAN_DECISION_DONE)
		return reply(ctx, "%s", why);
	return reply(ctx, "Pengajuan pinjaman %s %s %s ditolak. Anggota sudah"
	    " diberi tahu.", l.code, member_label(&m, who, sizeof(who)),
	    fmt_rp(l.principal, a, sizeof(a)));
}
