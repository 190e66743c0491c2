/* SETUJU and TOLAK: the board decides a loan application. */
#include "handlers/handlers.h"

static int setuju_exec(struct hctx *);
static int tolak_exec(struct hctx *);

const struct handler_entry handler_setuju = {
	"SETUJU", { NULL }, ROLE_KETUA | ROLE_BENDAHARA, 0,
	{ { "CP", "SETUJU KODE PIN" }, { NULL, NULL } },
	setuju_exec, "SETUJU KODE PIN: setujui pinjaman"
};

const struct handler_entry handler_tolak = {
	"TOLAK", { NULL }, ROLE_KETUA | ROLE_BENDAHARA, 0,
	{ { "CP", "TOLAK KODE PIN" }, { NULL, NULL } },
	tolak_exec, "TOLAK KODE PIN: tolak pinjaman"
};

static int
setuju_exec(struct hctx *ctx)
{
	return reply(ctx, "Perintah %s belum tersedia.", ctx->cmd->entry->name);
}

static int
tolak_exec(struct hctx *ctx)
{
	return reply(ctx, "Perintah %s belum tersedia.", ctx->cmd->entry->name);
}
