/* MUTASI: a member's last movements of money, in one SMS. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "handlers/handlers.h"

#define MOVEMENTS_MAX	8

static int mutasi_exec(struct hctx *);

const struct handler_entry handler_mutasi = {
	"MUTASI", { "RIWAYAT", NULL }, ROLE_ANY_MEMBER, 0,
	{ { "P", "Ketik MUTASI lalu PIN Anda, mis. MUTASI 1234" }, { NULL, NULL } },
	mutasi_exec, "MUTASI PIN: transaksi terakhir"
};

static const struct {
	const char	*kind;
	const char	*word;
} kind_words[] = {
	{ "setoran", "setor" }, { "penarikan", "tarik" }, { "pencairan", "cair" },
	{ "angsuran", "angsur" }, { "pembalikan", "koreksi" },
};

static const char *
kind_word(const char *kind)
{
	size_t i;

	for (i = 0; i < sizeof(kind_words) / sizeof(kind_words[0]); i++)
		if (strcmp(kind_words[i].kind, kind) == 0)
			return kind_words[i].word;
	return kind;
}

/* Newest first, as many as one SMS holds. */
static int
mutasi_exec(struct hctx *ctx)
{
	struct movement mv[MOVEMENTS_MAX];
	char text[320], one[80], who[48], rp[32];
	struct tm tm;
	size_t o;
	int n, i;

	if ((n = journal_member_last(ctx->db, ctx->me.id, mv, MOVEMENTS_MAX)) == -1)
		return -1;
	if (n == 0)
		return reply(ctx, "Belum ada transaksi untuk %s.",
		    member_label(&ctx->me, who, sizeof(who)));
	o = (size_t)snprintf(text, sizeof(text), "Mutasi %s:",
	    member_label(&ctx->me, who, sizeof(who)));
	for (i = 0; i < n; i++) {
		localtime_r(&mv[i].at, &tm);
		snprintf(one, sizeof(one), "%s %02d/%02d %s %s %s", i ? ";" : "",
		    tm.tm_mday, tm.tm_mon + 1, kind_word(mv[i].kind),
		    fmt_rp(mv[i].amount, rp, sizeof(rp)), mv[i].ref);
		if (o + strlen(one) + 1 >= sizeof(text))
			break;
		memcpy(text + o, one, strlen(one) + 1);
		if (sms_parts(text) > 1 || sms_units(text) > 159) {
			text[o] = '\0';
			break;
		}
		o += strlen(one);
	}
	return reply(ctx, "%s.", text);
}
