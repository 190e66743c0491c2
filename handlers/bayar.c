/* BAYAR: an officer records a loan repayment in cash. */
#include "handlers/handlers.h"

static int bayar_exec(struct hctx *);

const struct handler_entry handler_bayar = {
	"BAYAR", { "ANGSUR", NULL }, ROLE_KASIR | ROLE_BENDAHARA, 0,
	{ { "MAP", "BAYAR NO_ANGGOTA JUMLAH PIN" }, { NULL, NULL } },
	bayar_exec, "BAYAR NO JUMLAH PIN: terima angsuran"
};

static int
bayar_exec(struct hctx *ctx)
{
	return reply(ctx, "Perintah %s belum tersedia.", ctx->cmd->entry->name);
}
