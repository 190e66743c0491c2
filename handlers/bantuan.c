/* BANTUAN: the commands this sender may use. */
#include "handlers/handlers.h"

static int bantuan_exec(struct hctx *);

const struct handler_entry handler_bantuan = {
	"BANTUAN", { "HELP", "INFO", "?", NULL }, ROLE_ANY_MEMBER, 1,
	{ { "", "BANTUAN" }, { "I", "BANTUAN PERINTAH" }, { NULL, NULL } },
	bantuan_exec, "BANTUAN: daftar perintah"
};

static int
bantuan_exec(struct hctx *ctx)
{
	return reply(ctx, "Perintah %s belum tersedia.", ctx->cmd->entry->name);
}
