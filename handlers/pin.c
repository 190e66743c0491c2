/* PIN: a registered member changes her own PIN. */
#include "handlers/handlers.h"

static int pin_exec(struct hctx *);

const struct handler_entry handler_pin = {
	"PIN", { NULL }, ROLE_ANY_MEMBER, 0,
	{ { "PQ", "PIN PIN_LAMA PIN_BARU" }, { NULL, NULL } },
	pin_exec, "PIN LAMA BARU: ganti PIN"
};

static int
pin_exec(struct hctx *ctx)
{
	return reply(ctx, "Perintah %s belum tersedia.", ctx->cmd->entry->name);
}
