/* BANTUAN: the commands this sender may use. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "handlers/handlers.h"

static int bantuan_exec(struct hctx *);

const struct handler_entry handler_bantuan = {
	"BANTUAN", { "HELP", "INFO", "?", "MENU", NULL }, ROLE_ANY_MEMBER, 1,
	{ { "", "Ketik BANTUAN" },
	  { "I", "Ketik BANTUAN lalu nama perintah, mis. BANTUAN SALDO" },
	  { NULL, NULL } },
	bantuan_exec, "BANTUAN: daftar perintah"
};

static int
may_use(const struct hctx *ctx, const struct handler_entry *e)
{
	if (!ctx->registered)
		return e->public_;
	return (e->roles & ctx->me.role) != 0;
}

/*
 * The dial string that opens a menu path at once (*123*1*PIN# for the
 * balance), added only where it keeps the help inside one SMS.
 */
static void
ussd_hint(struct hctx *ctx, char *text, size_t len)
{
	char code[32], hint[96];
	size_t n = strlen(text);

	snprintf(code, sizeof(code), "%s", ctx->rules->ussd_code);
	if (code[0] == '\0')
		return;
	if (code[strlen(code) - 1] == '#')
		code[strlen(code) - 1] = '\0';
	if (ctx->registered)
		snprintf(hint, sizeof(hint), " Saldo lewat USSD tanpa pulsa:"
		    " %s*1*PIN#.", code);
	else
		snprintf(hint, sizeof(hint), " USSD: %s*1#", code);
	if (n + strlen(hint) >= len)
		return;
	memcpy(text + n, hint, strlen(hint) + 1);
	if (sms_units(text) < 0 || sms_units(text) > 160)
		text[n] = '\0';
}

static int
bantuan_list(struct hctx *ctx)
{
	const struct handler_entry *const *e;
	char text[600];
	size_t o;

	if (!ctx->registered) {
		snprintf(text, sizeof(text), "HARGA: daftar harga sembako. HARGA"
		    " BARANG: harga satu barang, mis. HARGA beras. Untuk simpan"
		    " pinjam, daftar jadi anggota %s.", ctx->rules->cooperative);
		ussd_hint(ctx, text, sizeof(text));
		/*
		 * The cooperative's full name only where it fits in one SMS;
		 * the USSD code, free for her to dial, comes before the name.
		 */
		if (sms_parts(text) > 1 || (ctx->rules->ussd_code[0] != '\0' &&
		    strstr(text, "USSD:") == NULL)) {
			snprintf(text, sizeof(text), "HARGA: daftar harga sembako."
			    " HARGA BARANG: harga satu barang, mis. HARGA beras."
			    " Untuk simpan pinjam, daftar jadi anggota koperasi.");
			ussd_hint(ctx, text, sizeof(text));
		}
		return reply(ctx, "%s", text);
	}
	o = (size_t)snprintf(text, sizeof(text), "Perintah:");
	for (e = handler_table; *e != NULL; e++) {
		/* The name alone keeps it short; BANTUAN NAMA tells the form. */
		if (*e == &handler_bantuan || !may_use(ctx, *e))
			continue;
		o += (size_t)snprintf(text + o, sizeof(text) - o, " %s", (*e)->name);
		if (o >= sizeof(text))
			return -1;
	}
	o += (size_t)snprintf(text + o, sizeof(text) - o, ". Ketik BANTUAN NAMA"
	    " untuk caranya, mis. BANTUAN SALDO.");
	if (o >= sizeof(text))
		return -1;
	ussd_hint(ctx, text, sizeof(text));
	return reply(ctx, "%s", text);
}

static int
form_shown(const struct hctx *ctx, const struct handler_entry *e, int f)
{
	/* Officers' forms are not shown to members who cannot use them. */
	if (e == &handler_simpan && f == 0 &&
	    !(ctx->me.role & (ROLE_KASIR | ROLE_BENDAHARA)))
		return 0;
	if (e == &handler_harga && (f == 1 || f == 2) &&
	    (!ctx->registered || !(ctx->me.role & ROLE_OFFICERS)))
		return 0;
	/* TOLAK with and without a reason is told once. */
	return !(f > 0 && strcmp(e->forms[f].usage, e->forms[f - 1].usage) == 0);
}

static void
examples_only(const struct handler_entry *e, const struct hctx *ctx, char *text,
    size_t len)
{
	const char *u, *mis;
	size_t o;
	int f;

	o = (size_t)snprintf(text, len, "Contoh:");
	for (f = 0; e->forms[f].slots != NULL && o < len; f++) {
		if (!form_shown(ctx, e, f))
			continue;
		u = e->forms[f].usage;
		mis = strstr(u, "mis. ");
		o += (size_t)snprintf(text + o, len - o, "%s %s", o > 7 ? ";" : "",
		    mis != NULL ? mis + 5 : e->name);
	}
}

static int
bantuan_one(struct hctx *ctx)
{
	const struct handler_entry *e;
	char text[400];
	size_t o = 0;
	int f;

	e = handler_find(ctx->cmd->item, strlen(ctx->cmd->item));
	if (e == NULL || !may_use(ctx, e))
		return reply(ctx, "Perintah \"%.20s\" tidak ada untuk Anda. Ketik"
		    " BANTUAN untuk daftar.",
		    pin_runs_masked(ctx->cmd->item, text, sizeof(text)));
	for (f = 0; e->forms[f].slots != NULL; f++) {
		if (!form_shown(ctx, e, f))
			continue;
		/* "... atau ketik ...": one sentence, not two. */
		o += (size_t)snprintf(text + o, sizeof(text) - o, "%s%s",
		    o ? " atau k" : "", o ? e->forms[f].usage + 1 : e->forms[f].usage);
		if (o >= sizeof(text))
			return -1;
	}
	/* Too long for one SMS: the examples alone say it. */
	if (sms_parts(text) > 1)
		examples_only(e, ctx, text, sizeof(text));
	return reply(ctx, "%s.", text);
}

static int
bantuan_exec(struct hctx *ctx)
{
	return ctx->cmd->form == 0 ? bantuan_list(ctx) : bantuan_one(ctx);
}
