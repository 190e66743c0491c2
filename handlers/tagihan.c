/* TAGIHAN: the next instalment and any arrears. */
#include "handlers/handlers.h"

static int tagihan_exec(struct hctx *);

const struct handler_entry handler_tagihan = {
	"TAGIHAN", { NULL }, ROLE_ANY_MEMBER, 0,
	{ { "P", "TAGIHAN PIN" }, { NULL, NULL } },
	tagihan_exec, "TAGIHAN PIN: angsuran berikutnya"
};

static int
tagihan_exec(struct hctx *ctx)
{
	return reply(ctx, "Perintah %s belum tersedia.", ctx->cmd->entry->name);
}
