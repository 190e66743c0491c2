/* HARGA: the shop's prices for anyone; officers update them. */
#include "handlers/handlers.h"

static int harga_exec(struct hctx *);

const struct handler_entry handler_harga = {
	"HARGA", { NULL }, ROLE_ANY_MEMBER, 1,
	{ { "", "HARGA" }, { "IAP", "HARGA BARANG HARGA_BARU PIN" },
	  { "I", "HARGA BARANG" }, { NULL, NULL } },
	harga_exec, "HARGA [BARANG]: harga sembako"
};

static int
harga_exec(struct hctx *ctx)
{
	return reply(ctx, "Perintah %s belum tersedia.", ctx->cmd->entry->name);
}
