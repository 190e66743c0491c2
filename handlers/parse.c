/*
 * The SMS command language (SPEC §3).  Words are split on spaces and `#`,
 * the keyword picks a command from the table, and the rest must fit one
 * of the command's forms, a template of typed slots.  Everything here is
 * bounded by the length given: SMS text arrives from outside and is never
 * trusted to be terminated or sane.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "handlers/handlers.h"

struct word {
	const char	*s;
	size_t		 len;
};

struct words {
	struct word	 w[TOKENS_MAX];
	int		 n;
};

static int
is_separator(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '#' ||
	    c == '\0';
}

static int
all_digits(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return len > 0;
}

static int
word_eq(const struct word *w, const char *s)
{
	return w->len == strlen(s) && strncasecmp(w->s, s, w->len) == 0;
}

/* Splits text into words; -1 when there are more than TOKENS_MAX. */
static int
split(const char *text, size_t len, struct words *ws)
{
	size_t i = 0, start;

	ws->n = 0;
	while (i < len) {
		while (i < len && is_separator((unsigned char)text[i]))
			i++;
		if (i == len)
			break;
		start = i;
		while (i < len && !is_separator((unsigned char)text[i]))
			i++;
		if (ws->n == TOKENS_MAX)
			return -1;
		ws->w[ws->n].s = text + start;
		ws->w[ws->n].len = i - start;
		ws->n++;
	}
	return 0;
}

/* The text without surrounding space and one trailing full stop. */
static size_t
trimmed_len(const char *text, size_t len)
{
	while (len > 0 && is_separator((unsigned char)text[len - 1]))
		len--;
	if (len > 0 && text[len - 1] == '.')
		len--;
	while (len > 0 && is_separator((unsigned char)text[len - 1]))
		len--;
	return len;
}

static void
copy_word(char *dst, size_t dstlen, const struct word *w, int upper)
{
	size_t i, n = w->len < dstlen - 1 ? w->len : dstlen - 1;

	for (i = 0; i < n; i++)
		dst[i] = upper ? (char)toupper((unsigned char)w->s[i]) : w->s[i];
	dst[n] = '\0';
}

int
pin_wellformed(const char *pin)
{
	size_t len = strlen(pin);

	return len >= 4 && len <= 6 && all_digits(pin, len);
}

static int
word_is_pin(const struct word *w)
{
	return w->len >= 4 && w->len <= 6 && all_digits(w->s, w->len);
}

/* A member number: one to three letters, then one to six digits (A017). */
static int
word_is_member_number(const struct word *w)
{
	size_t i = 0;

	while (i < w->len && i < 3 && isalpha((unsigned char)w->s[i]))
		i++;
	if (i == 0 || w->len - i < 1 || w->len - i > 6)
		return 0;
	return all_digits(w->s + i, w->len - i);
}

/* A code the gateway gave out: a letter and one to eight digits (P0007). */
static int
word_is_code(const struct word *w)
{
	return w->len >= 2 && w->len <= 9 && isalpha((unsigned char)w->s[0]) &&
	    all_digits(w->s + 1, w->len - 1);
}

static int
word_type(const struct word *w, enum saving_type *t)
{
	if (word_eq(w, "POKOK"))
		*t = SAVING_POKOK;
	else if (word_eq(w, "WAJIB"))
		*t = SAVING_WAJIB;
	else if (word_eq(w, "SUKARELA"))
		*t = SAVING_SUKARELA;
	else
		return 0;
	return 1;
}

/* Checks one word against one slot and stores it; returns a PARSE_* code. */
static int
slot_take(char slot, const struct word *w, struct parsed *p)
{
	char buf[32];
	int rc;

	switch (slot) {
	case 'M':
		if (word_is_member_number(w)) {
			copy_word(p->member, sizeof(p->member), w, 1);
			p->member_is_phone = 0;
			return PARSE_OK;
		}
		if (w->len < sizeof(buf)) {
			copy_word(buf, sizeof(buf), w, 0);
			if (phone_normalize(buf, p->member, sizeof(p->member)) == 0) {
				p->member_is_phone = 1;
				return PARSE_OK;
			}
		}
		return PARSE_BAD_MEMBER;
	case 'A':
		rc = parse_amount(w->s, w->len, &p->amount);
		return rc;
	case 'N':
		if (w->len > 3 || !all_digits(w->s, w->len) || w->s[0] == '0')
			return PARSE_BAD_MONTHS;
		copy_word(buf, sizeof(buf), w, 0);
		p->months = atoi(buf);
		return PARSE_OK;
	case 't':
		if (!word_type(w, &p->type))
			return PARSE_BAD_FORM;
		p->has_type = 1;
		return PARSE_OK;
	case 'C':
		if (!word_is_code(w))
			return PARSE_BAD_CODE;
		copy_word(p->code, sizeof(p->code), w, 1);
		return PARSE_OK;
	case 'P':
		if (!word_is_pin(w))
			return PARSE_BAD_PIN;
		copy_word(p->pin, sizeof(p->pin), w, 0);
		p->has_pin = 1;
		return PARSE_OK;
	case 'Q':
		if (!word_is_pin(w))
			return PARSE_BAD_PIN;
		copy_word(p->newpin, sizeof(p->newpin), w, 0);
		return PARSE_OK;
	}
	return PARSE_BAD_FORM;
}

static int
item_take(const struct words *ws, int from, int count, struct parsed *p)
{
	size_t o = 0, i;
	int k;

	for (k = from; k < from + count; k++) {
		const struct word *w = &ws->w[k];

		if (o + (o ? 1 : 0) + w->len >= sizeof(p->item))
			return -1;
		if (o)
			p->item[o++] = ' ';
		for (i = 0; i < w->len; i++)
			p->item[o++] = w->s[i];
	}
	p->item[o] = '\0';
	return 0;
}

/* Backtracking over the slots; words[at..] must be used up exactly. */
static int
match(const char *slots, const struct words *ws, int at, struct parsed *p)
{
	int k;

	if (*slots == '\0')
		return at == ws->n;
	if (*slots == 'I') {
		/* The item takes the most words that still leave the rest a fit. */
		for (k = ws->n - at; k >= 1; k--)
			if (item_take(ws, at, k, p) == 0 &&
			    match(slots + 1, ws, at + k, p))
				return 1;
		return 0;
	}
	if (*slots == 't') {
		if (at < ws->n && slot_take('t', &ws->w[at], p) == PARSE_OK &&
		    match(slots + 1, ws, at + 1, p))
			return 1;
		p->has_type = 0;
		return match(slots + 1, ws, at, p);
	}
	if (at >= ws->n || slot_take(*slots, &ws->w[at], p) != PARSE_OK)
		return 0;
	return match(slots + 1, ws, at + 1, p);
}

static void
slot_counts(const char *slots, int *min, int *max)
{
	*min = *max = 0;
	for (; *slots; slots++) {
		if (*slots == 't') {
			(*max)++;
		} else if (*slots == 'I') {
			(*min)++;
			*max += TOKENS_MAX;
		} else {
			(*min)++;
			(*max)++;
		}
	}
}

/*
 * No form fits: explain with the form closest in length, naming the first
 * word that its slot refuses.
 */
static void
explain(const struct handler_entry *e, const struct words *ws, struct parsed *p)
{
	struct parsed scratch;
	const char *slots;
	int f, best = 0, bestdist = 1 << 30, min, max, dist, at, rc, n = ws->n - 1;
	struct words rest;

	for (f = 0; e->forms[f].slots != NULL; f++) {
		slot_counts(e->forms[f].slots, &min, &max);
		dist = n < min ? min - n : n > max ? n - max : 0;
		if (dist < bestdist) {
			bestdist = dist;
			best = f;
		}
	}
	p->form = best;
	p->err = PARSE_BAD_FORM;
	rest = *ws;
	memmove(rest.w, rest.w + 1, sizeof(rest.w[0]) * (size_t)(rest.n - 1));
	rest.n--;
	memset(&scratch, 0, sizeof(scratch));
	at = 0;
	for (slots = e->forms[best].slots; *slots && at < rest.n; slots++) {
		if (*slots == 'I') {
			/* Items take any word; judge the slots after it from the end. */
			at = rest.n - (int)strlen(slots + 1);
			if (at < 1)
				return;
			continue;
		}
		rc = slot_take(*slots, &rest.w[at], &scratch);
		if (*slots == 't') {
			if (rc == PARSE_OK)
				at++;
			continue;
		}
		if (rc != PARSE_OK) {
			p->err = (enum parse_error)rc;
			copy_word(p->err_word, sizeof(p->err_word), &rest.w[at], 0);
			return;
		}
		at++;
	}
}

int
parse_command(const char *text, size_t len, struct parsed *p)
{
	struct words ws, rest;
	const struct handler_entry *e;
	int f, k;

	memset(p, 0, sizeof(*p));
	if (len > MSG_MAX) {
		p->err = PARSE_TOO_LONG;
		return -1;
	}
	len = trimmed_len(text, len);
	if (split(text, len, &ws) == -1) {
		p->err = PARSE_TOO_MANY_WORDS;
		/* The keyword still says which usage to show. */
		if ((p->entry = handler_find(ws.w[0].s, ws.w[0].len)) == NULL)
			p->err = PARSE_UNKNOWN_COMMAND;
		copy_word(p->err_word, sizeof(p->err_word), &ws.w[0], 0);
		return -1;
	}
	if (ws.n == 0) {
		p->err = PARSE_EMPTY;
		return -1;
	}
	if ((e = handler_find(ws.w[0].s, ws.w[0].len)) == NULL) {
		p->err = PARSE_UNKNOWN_COMMAND;
		copy_word(p->err_word, sizeof(p->err_word), &ws.w[0], 0);
		return -1;
	}
	p->entry = e;
	rest = ws;
	memmove(rest.w, rest.w + 1, sizeof(rest.w[0]) * (size_t)(rest.n - 1));
	rest.n--;
	for (f = 0; e->forms[f].slots != NULL; f++) {
		struct parsed try;

		memset(&try, 0, sizeof(try));
		if (match(e->forms[f].slots, &rest, 0, &try)) {
			try.entry = e;
			try.form = f;
			*p = try;
			break;
		}
	}
	if (e->forms[f].slots == NULL) {
		explain(e, &ws, p);
		return -1;
	}
	/* The stored copy of the message never holds the PIN. */
	{
		size_t o = 0, i = 0;
		const char *slots = e->forms[p->form].slots;
		int pin_words[2] = { -1, -1 }, np = 0, at = 1;

		/* Find which words were P and Q: they are the last ones. */
		for (k = (int)strlen(slots) - 1; k >= 0 && np < 2; k--)
			if (slots[k] == 'P' || slots[k] == 'Q')
				pin_words[np++] = ws.n - ((int)strlen(slots) - k);
		(void)at;
		while (i < len && o < sizeof(p->redacted) - 5) {
			int w, hit = -1;

			for (w = 0; w < np; w++)
				if (pin_words[w] >= 0 &&
				    text + i == ws.w[pin_words[w]].s)
					hit = pin_words[w];
			if (hit >= 0) {
				memcpy(p->redacted + o, "****", 4);
				o += 4;
				i += ws.w[hit].len;
				continue;
			}
			p->redacted[o++] = text[i] == '\0' ? ' ' : text[i];
			i++;
		}
		p->redacted[o] = '\0';
	}
	return 0;
}
