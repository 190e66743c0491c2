/*
 * handlers/words.c: a message as the words a command is made of, read the
 * way villagers write (SPEC §3): separators, polite filler, a keyword
 * glued to its PIN, amounts and months written in several words.  Every
 * word is a span of the original text, so the stored copy can keep the
 * words a form took and hide the rest.
 */
#ifndef KOPDES_WORDS_H
#define KOPDES_WORDS_H

#include <stddef.h>

#include "handlers/handlers.h"

/* ASCII only, whatever locale the modem library has set. */
static inline int
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static inline int
is_alpha(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

struct word {
	const char	*s;
	size_t		 len;
};

struct words {
	struct word	 w[TOKENS_MAX];
	int		 n;
	int		 overflow;	/* more words than TOKENS_MAX */
	int		 courtesy;	/* polite words or greetings were dropped */
	int		 greeting;	/* it began with a greeting */
	int		 thanks;	/* it said thank you */
};

/* Reads len bytes of text; the first word is where the keyword stands. */
void		 words_read(const char *text, size_t len, struct words *);
/* At most one insertion, deletion or substitution apart, ignoring case. */
int		 words_one_typo(const char *a, size_t la, const char *b, size_t lb);
/* Copies w without separators inside it (Rp 20.000 -> Rp20.000); 0 or -1. */
int		 word_compact(const struct word *w, char *out, size_t outlen);

#endif
