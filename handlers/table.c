/*
 * The keyword table: every command the gateway understands, in the order
 * BANTUAN lists them.  Adding a command is one file and one line here.
 */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "handlers/handlers.h"

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

const struct handler_entry *
handler_find(const char *word, size_t len)
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
