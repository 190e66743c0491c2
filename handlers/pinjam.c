/* PINJAM: apply for a loan, or ask how the application or loan stands. */
#include "handlers/handlers.h"

static int pinjam_exec(struct hctx *);

const struct handler_entry handler_pinjam = {
	"PINJAM", { NULL }, ROLE_ANY_MEMBER, 0,
	{ { "ANP", "PINJAM JUMLAH BULAN PIN" }, { "P", "PINJAM PIN" },
	  { NULL, NULL } },
	pinjam_exec, "PINJAM JUMLAH BULAN PIN: ajukan pinjaman"
};

static int
pinjam_exec(struct hctx *ctx)
{
	return reply(ctx, "Perintah %s belum tersedia.", ctx->cmd->entry->name);
}
