/*
 * Forgiving item names for HARGA: a shopper types `beras`, `BERAS`,
 * `Beras premium` or `bras` and still finds the rice.  Exact names win;
 * then names that begin with or contain what was typed; then names with
 * a word one typo away.  Pure functions, no I/O.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "handlers/handlers.h"
#include "handlers/words.h"

static void
fold(const char *s, char *out, size_t len)
{
	size_t o = 0;
	int space = 1;

	for (; *s != '\0' && o + 1 < len; s++) {
		if (isspace((unsigned char)*s)) {
			if (!space)
				out[o++] = ' ';
			space = 1;
			continue;
		}
		out[o++] = (char)tolower((unsigned char)*s);
		space = 0;
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
}

/* Both sides are folded already, so the typo check ignoring case is exact. */
static int
word_close(const char *w, size_t lw, const char *name)
{
	const char *p = name, *e;

	while (*p != '\0') {
		e = strchr(p, ' ');
		if (e == NULL)
			e = p + strlen(p);
		if ((size_t)(e - p) == lw && strncmp(p, w, lw) == 0)
			return 2;
		if (lw >= 4 && words_one_typo(w, lw, p, (size_t)(e - p)))
			return 1;
		p = *e ? e + 1 : e;
	}
	return 0;
}

int
harga_match(const char *query, const char *const *names, int n, int *out, int max)
{
	char q[64], name[64], first[64];
	int i, k = 0, pass;
	size_t lf;

	fold(query, q, sizeof(q));
	if (q[0] == '\0')
		return 0;
	for (i = 0; i < n; i++) {
		fold(names[i], name, sizeof(name));
		if (strcmp(name, q) == 0) {
			out[0] = i;
			return 1;
		}
	}
	snprintf(first, sizeof(first), "%s", q);
	first[strcspn(first, " ")] = '\0';
	lf = strlen(first);
	/* Each pass is looser; the first that finds anything decides. */
	for (pass = 0; pass < 3 && k == 0; pass++)
		for (i = 0; i < n && k < max; i++) {
			fold(names[i], name, sizeof(name));
			if ((pass == 0 && strstr(name, q) != NULL) ||
			    (pass == 1 && word_close(first, lf, name) == 2) ||
			    (pass == 2 && word_close(first, lf, name) >= 1))
				out[k++] = i;
		}
	return k;
}
