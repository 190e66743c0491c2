/*
 * SIMPAN and TERIMA: deposits.  An officer's SIMPAN posts at once; a
 * member's SIMPAN is a pending deposit that posts when an officer TERIMAs it.
 */
#include "handlers/handlers.h"

static int simpan_exec(struct hctx *);
static int terima_exec(struct hctx *);

const struct handler_entry handler_simpan = {
	"SIMPAN", { "SETOR", NULL }, ROLE_ANY_MEMBER, 0,
	{ { "MAtP", "SIMPAN NO_ANGGOTA JUMLAH [POKOK/WAJIB/SUKARELA] PIN" },
	  { "AtP", "SIMPAN JUMLAH [POKOK/WAJIB/SUKARELA] PIN" },
	  { NULL, NULL } },
	simpan_exec, "SIMPAN JUMLAH PIN: lapor setoran"
};

const struct handler_entry handler_terima = {
	"TERIMA", { NULL }, ROLE_KASIR | ROLE_BENDAHARA, 0,
	{ { "CP", "TERIMA KODE PIN" }, { NULL, NULL } },
	terima_exec, "TERIMA KODE PIN: terima setoran anggota"
};

static int
simpan_exec(struct hctx *ctx)
{
	return reply(ctx, "Perintah %s belum tersedia.", ctx->cmd->entry->name);
}

static int
terima_exec(struct hctx *ctx)
{
	return reply(ctx, "Perintah %s belum tersedia.", ctx->cmd->entry->name);
}
