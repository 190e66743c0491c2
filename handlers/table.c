/*
 * The keyword table: every command the gateway understands, in the order
 * BANTUAN lists them.  Adding a command is one file and one line here.
 */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "handlers/handlers.h"
#include "handlers/words.h"

/* Shorter keywords (PIN, CEK, HRG) are too near ordinary words to guess at. */
#define TYPO_KEYWORD_MIN	5

const struct handler_entry *const handler_table[] = {
	&handler_saldo,
	&handler_simpan,
	&handler_terima,
	&handler_tarik,
	&handler_pinjam,
	&handler_setuju,
	&handler_tolak,
	&handler_bayar,
	&handler_tagihan,
	&handler_mutasi,
	&handler_harga,
	&handler_pin,
	&handler_bantuan,
	NULL
};

static int
word_is(const char *name, const char *word, size_t len)
{
	return strlen(name) == len && strncasecmp(name, word, len) == 0;
}

static const struct handler_entry *
find_exact(const char *word, size_t len)
{
	const struct handler_entry *const *e;
	const char *const *alias;

	for (e = handler_table; *e != NULL; e++) {
		if (word_is((*e)->name, word, len))
			return *e;
		for (alias = (*e)->aliases; *alias != NULL; alias++)
			if (word_is(*alias, word, len))
				return *e;
	}
	return NULL;
}

static int
typo_of(const char *name, const char *word, size_t len)
{
	return strlen(name) >= TYPO_KEYWORD_MIN &&
	    words_one_typo(name, strlen(name), word, len);
}

/*
 * A keyword one typo away (SALDOO, SIMPN, TAGIAN) is the keyword, unless
 * it is as near to another one: then it is no command at all.
 */
const struct handler_entry *
handler_find(const char *word, size_t len)
{
	const struct handler_entry *const *e, *found = NULL;
	const char *const *alias;
	int near;

	if ((found = find_exact(word, len)) != NULL || len < TYPO_KEYWORD_MIN - 1)
		return found;
	for (e = handler_table; *e != NULL; e++) {
		near = typo_of((*e)->name, word, len);
		for (alias = (*e)->aliases; *alias != NULL; alias++)
			near |= typo_of(*alias, word, len);
		if (!near)
			continue;
		if (found != NULL)
			return NULL;
		found = *e;
	}
	return found;
}
