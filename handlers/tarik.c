/* TARIK: an officer pays out of a member's simpanan sukarela. */
#include "handlers/handlers.h"

static int tarik_exec(struct hctx *);

const struct handler_entry handler_tarik = {
	"TARIK", { NULL }, ROLE_KASIR | ROLE_BENDAHARA, 0,
	{ { "MAP", "TARIK NO_ANGGOTA JUMLAH PIN" }, { NULL, NULL } },
	tarik_exec, "TARIK NO JUMLAH PIN: penarikan sukarela"
};

static int
tarik_exec(struct hctx *ctx)
{
	return reply(ctx, "Perintah %s belum tersedia.", ctx->cmd->entry->name);
}
