/* SALDO: a member's savings and outstanding loan. */
#include "handlers/handlers.h"

static int saldo_exec(struct hctx *);

const struct handler_entry handler_saldo = {
	"SALDO", { "CEK", NULL }, ROLE_ANY_MEMBER, 0,
	{ { "P", "SALDO PIN" }, { NULL, NULL } },
	saldo_exec, "SALDO PIN: cek simpanan & pinjaman"
};

static int
saldo_exec(struct hctx *ctx)
{
	return reply(ctx, "Perintah %s belum tersedia.", ctx->cmd->entry->name);
}
