/* HARGA: the shop's prices for anyone; officers update them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers/handlers.h"

#define PRICES_MAX	200
#define LIST_BUDGET	450	/* three SMS parts: a price list may be long */

static int harga_exec(struct hctx *);

const struct handler_entry handler_harga = {
	"HARGA", { NULL }, ROLE_ANY_MEMBER, 1,
	{ { "", "HARGA" }, { "IAP", "HARGA BARANG HARGA_BARU PIN" },
	  { "I", "HARGA BARANG" }, { NULL, NULL } },
	harga_exec, "HARGA [BARANG]: harga sembako"
};

struct price_table {
	struct price	 p[PRICES_MAX];
	const char	*names[PRICES_MAX];
	int		 n;
};

static int
price_collect(const struct price *p, void *arg)
{
	struct price_table *t = arg;

	if (t->n == PRICES_MAX)
		return 0;
	t->p[t->n] = *p;
	t->names[t->n] = t->p[t->n].item;
	t->n++;
	return 0;
}

static int
harga_list(struct hctx *ctx, struct price_table *t)
{
	char text[LIST_BUDGET + 64], rp[32], one[96];
	size_t o;
	int i;

	if (t->n == 0)
		return reply(ctx, "Belum ada daftar harga di koperasi.");
	o = (size_t)snprintf(text, sizeof(text), "Harga sembako:");
	for (i = 0; i < t->n; i++) {
		snprintf(one, sizeof(one), " %s %s/%s%s", t->p[i].item,
		    fmt_rp(t->p[i].price, rp, sizeof(rp)), t->p[i].unit,
		    i + 1 < t->n ? "," : ".");
		if (o + strlen(one) > LIST_BUDGET - 40) {
			o += (size_t)snprintf(text + o, sizeof(text) - o,
			    " ... ketik HARGA NAMA untuk lainnya.");
			break;
		}
		memcpy(text + o, one, strlen(one) + 1);
		o += strlen(one);
	}
	return reply(ctx, "%s", text);
}

static int
harga_one(struct hctx *ctx, struct price_table *t)
{
	char text[400], rp[32], one[96], asked[sizeof(ctx->cmd->item)];
	int idx[8], n, i;
	size_t o;

	n = harga_match(ctx->cmd->item, t->names, t->n, idx, 8);
	if (n == 0)
		return reply(ctx, "Harga \"%.40s\" tidak ada. Ketik HARGA untuk"
		    " daftar.", pin_runs_masked(ctx->cmd->item, asked, sizeof(asked)));
	o = 0;
	text[0] = '\0';
	for (i = 0; i < n; i++) {
		snprintf(one, sizeof(one), "%s%s %s/%s", i ? ", " : "",
		    t->p[idx[i]].item, fmt_rp(t->p[idx[i]].price, rp, sizeof(rp)),
		    t->p[idx[i]].unit);
		if (o + strlen(one) + 2 >= sizeof(text))
			break;
		memcpy(text + o, one, strlen(one) + 1);
		o += strlen(one);
	}
	return reply(ctx, "Harga %s.", text);
}

static int
harga_update(struct hctx *ctx, struct price_table *t)
{
	const struct price *p;
	char a[32], b[32], asked[sizeof(ctx->cmd->item)];
	int idx[8], n;

	if (!(ctx->me.role & (ROLE_KASIR | ROLE_BENDAHARA | ROLE_KETUA)))
		return reply(ctx, "Maaf, harga hanya diubah oleh kasir, bendahara"
		    " atau ketua.");
	n = harga_match(ctx->cmd->item, t->names, t->n, idx, 8);
	if (n == 0)
		return reply(ctx, "Barang \"%.40s\" tidak ada di daftar. Barang"
		    " baru ditambah lewat pengurus (kopdesctl).",
		    pin_runs_masked(ctx->cmd->item, asked, sizeof(asked)));
	if (n > 1)
		return reply(ctx, "\"%.40s\" cocok dengan %d barang (%s, %s...)."
		    " Tulis nama lengkapnya.",
		    pin_runs_masked(ctx->cmd->item, asked, sizeof(asked)), n,
		    t->p[idx[0]].item, t->p[idx[1]].item);
	p = &t->p[idx[0]];
	if (price_set(ctx->db, p->item, ctx->cmd->amount, NULL, ctx->me.id,
	    ctx->now) == -1)
		return -1;
	return reply(ctx, "Harga %s diubah: %s -> %s/%s.", p->item,
	    fmt_rp(p->price, a, sizeof(a)), fmt_rp(ctx->cmd->amount, b, sizeof(b)),
	    p->unit);
}

static int
harga_exec(struct hctx *ctx)
{
	struct price_table *t;
	int rc;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return -1;
	if (price_foreach(ctx->db, price_collect, t) == -1)
		rc = -1;
	else if (ctx->cmd->form == 0)
		rc = harga_list(ctx, t);
	else if (ctx->cmd->form == 1)
		rc = harga_update(ctx, t);
	else
		rc = harga_one(ctx, t);
	free(t);
	return rc;
}
