/* HARGA: the shop's prices for anyone; officers update them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "handlers/handlers.h"

#define PRICES_MAX	200
#define LIST_BUDGET	450	/* three SMS parts: a price list may be long */

static int harga_exec(struct hctx *);

const struct handler_entry handler_harga = {
	"HARGA", { "HRG", NULL }, ROLE_ANY_MEMBER, 1,
	{ { "", "Ketik HARGA untuk daftar harga" },
	  { "IAP", "Ketik HARGA, barang, harga baru, PIN; mis. HARGA beras"
	    " 14.500 1234" },
	  { "LIP", "Ketik HARGA ALIAS, singkatan, nama barang, PIN; mis. HARGA"
	    " ALIAS migor minyak goreng 1234" },
	  { "I", "Ketik HARGA lalu nama barang, mis. HARGA beras" },
	  { NULL, NULL } },
	harga_exec, "HARGA [BARANG]: harga sembako"
};

#define HARGA_FORM_UPDATE	1	/* HARGA ITEM PRICE PIN */
#define HARGA_FORM_ALIAS	2	/* HARGA ALIAS WORD ITEM PIN */

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

/* What a shopper's words name: her words read as the list says them first. */
static int
harga_find(struct db *db, const struct price_table *t, const char *query,
    int *idx, int max)
{
	char expanded[128];
	int rc, n = 0;

	if ((rc = harga_expand(db, query, expanded, sizeof(expanded))) == -1)
		return -1;
	if (rc == 1)
		n = harga_match(expanded, t->names, t->n, idx, max);
	return n > 0 ? n : harga_match(query, t->names, t->n, idx, max);
}

static int
harga_one(struct hctx *ctx, struct price_table *t)
{
	char text[400], rp[32], one[96], asked[sizeof(ctx->cmd->item)];
	int idx[8], n, i;
	size_t o;

	if ((n = harga_find(ctx->db, t, ctx->cmd->item, idx, 8)) == -1)
		return -1;
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
	if ((n = harga_find(ctx->db, t, ctx->cmd->item, idx, 8)) == -1)
		return -1;
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
contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay != '\0'; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return n == 0;
}

int
harga_alias_add(struct hctx *ctx, const char *word, const char *query,
    int64_t officer_id, char *item, size_t len)
{
	struct price_table *t;
	char expanded[128];
	int idx[2], n, rc;
	size_t i, wl = strlen(word);

	/* One word of letters, so that it reads back as one word of a query. */
	if (wl == 0 || wl > 24)
		return HARGA_ALIAS_BAD_WORD;
	for (i = 0; i < wl; i++)
		if (!((word[i] >= 'a' && word[i] <= 'z') ||
		    (word[i] >= 'A' && word[i] <= 'Z')))
			return HARGA_ALIAS_BAD_WORD;
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return HARGA_ALIAS_ERROR;
	rc = HARGA_ALIAS_ERROR;
	if (price_foreach(ctx->db, price_collect, t) == -1 ||
	    (n = harga_find(ctx->db, t, query, idx, 2)) == -1)
		goto out;
	rc = n == 0 ? HARGA_ALIAS_NO_ITEM : n > 1 ? HARGA_ALIAS_AMBIGUOUS :
	    HARGA_ALIAS_OK;
	/* A word stands for an item only if the item bears what was written. */
	if (rc == HARGA_ALIAS_OK && (harga_expand(ctx->db, query, expanded,
	    sizeof(expanded)) == -1 ||
	    (!contains_nocase(t->p[idx[0]].item, query) &&
	    !contains_nocase(t->p[idx[0]].item, expanded))))
		rc = HARGA_ALIAS_NO_ITEM;
	if (rc == HARGA_ALIAS_OK) {
		snprintf(item, len, "%s", t->p[idx[0]].item);
		if (price_alias_set(ctx->db, word, t->p[idx[0]].item, officer_id,
		    ctx->now) == -1)
			rc = HARGA_ALIAS_ERROR;
	}
out:
	free(t);
	return rc;
}

/* HARGA ALIAS WORD ITEM PIN: the item takes WORD and the item's name. */
static int
harga_alias(struct hctx *ctx, struct price_table *t)
{
	char word[32], item[64], asked[sizeof(ctx->cmd->item)];
	const char *query = ctx->cmd->item;
	size_t n = strcspn(query, " ");

	(void)t;
	if (!(ctx->me.role & (ROLE_KASIR | ROLE_BENDAHARA | ROLE_KETUA)))
		return reply(ctx, "Maaf, singkatan barang hanya dibuat oleh kasir,"
		    " bendahara atau ketua.");
	if (query[n] == '\0' || n >= sizeof(word))
		return reply(ctx, "%s.", handler_harga.forms[HARGA_FORM_ALIAS].usage);
	memcpy(word, query, n);
	word[n] = '\0';
	pin_runs_masked(query + n + 1, asked, sizeof(asked));
	switch (harga_alias_add(ctx, word, query + n + 1, ctx->me.id, item,
	    sizeof(item))) {
	case HARGA_ALIAS_OK:
		return reply(ctx, "Singkatan disimpan: HARGA %s kini menjawab"
		    " harga %s.", word, item);
	case HARGA_ALIAS_BAD_WORD:
		return reply(ctx, "Singkatan harus satu kata huruf saja, mis."
		    " migor.");
	case HARGA_ALIAS_NO_ITEM:
		return reply(ctx, "Barang \"%.40s\" tidak ada di daftar harga.",
		    asked);
	case HARGA_ALIAS_AMBIGUOUS:
		return reply(ctx, "\"%.40s\" cocok dengan beberapa barang. Tulis"
		    " nama lengkapnya.", asked);
	default:
		return -1;
	}
}

static int
harga_exec(struct hctx *ctx)
{
	struct price_table *t;
	int rc;

	/* Tens of kilobytes, filled from the front: only the count starts at 0. */
	if ((t = malloc(sizeof(*t))) == NULL)
		return -1;
	t->n = 0;
	if (price_foreach(ctx->db, price_collect, t) == -1)
		rc = -1;
	else if (ctx->cmd->form == 0)
		rc = harga_list(ctx, t);
	else if (ctx->cmd->form == HARGA_FORM_UPDATE)
		rc = harga_update(ctx, t);
	else if (ctx->cmd->form == HARGA_FORM_ALIAS)
		rc = harga_alias(ctx, t);
	else
		rc = harga_one(ctx, t);
	free(t);
	return rc;
}
