/*
 * The words a shopper uses for what the price list calls otherwise:
 * `migor` is minyak goreng, `cabe` is cabai, `brs` is beras.  A built-in
 * table of common Indonesian shop words and abbreviations, and the
 * cooperative's own words that officers add (HARGA ALIAS, `kopdesctl
 * price alias`), which win over the table.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "handlers/handlers.h"

static const struct {
	const char	*word;
	const char	*means;
} shop_words[] = {
	{ "migor", "minyak goreng" }, { "mingor", "minyak goreng" },
	{ "cabe", "cabai" }, { "cabe2", "cabai" }, { "lombok", "cabai" },
	{ "telor", "telur" }, { "tlr", "telur" }, { "tlor", "telur" },
	{ "brs", "beras" }, { "bras", "beras" },
	{ "gl", "gula" }, { "gulpas", "gula pasir" },
	{ "trigu", "terigu" },
	{ "bamer", "bawang merah" }, { "baput", "bawang putih" },
	{ "bwg", "bawang" }, { "bawang2", "bawang" },
	{ "indomie", "mie" }, { "mi", "mie" }, { "supermi", "mie" },
	{ "gulmer", "gula merah" }, { "dgg", "daging" }, { "ikn", "ikan" },
};

/* The built-in meaning of one word, or NULL. */
static const char *
shop_word(const char *w, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(shop_words) / sizeof(shop_words[0]); i++)
		if (strlen(shop_words[i].word) == len &&
		    strncasecmp(shop_words[i].word, w, len) == 0)
			return shop_words[i].means;
	return NULL;
}

int
harga_expand(struct db *db, const char *query, char *out, size_t outlen)
{
	char word[64], item[64];
	const char *p = query, *means;
	size_t o = 0, n;
	int rc, changed = 0;

	if (outlen == 0)
		return -1;
	out[0] = '\0';
	while (*p != '\0') {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		n = strcspn(p, " ");
		means = NULL;
		if (n < sizeof(word)) {
			memcpy(word, p, n);
			word[n] = '\0';
			if ((rc = price_alias_get(db, word, item, sizeof(item))) == -1)
				return -1;
			means = rc == 1 ? item : shop_word(p, n);
		}
		if (means == NULL)
			o += (size_t)snprintf(out + o, outlen - o, "%s%.*s",
			    o ? " " : "", (int)n, p);
		else {
			o += (size_t)snprintf(out + o, outlen - o, "%s%s", o ? " " : "",
			    means);
			changed = 1;
		}
		if (o >= outlen)
			return -1;
		p += n;
	}
	return changed;
}
