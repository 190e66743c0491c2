/*
 * The SMS command language (SPEC §3).  The words are read as people write
 * them (handlers/words.c), the keyword picks a command from the table, and
 * the rest must fit one of the command's forms, a template of typed slots.  Everything here
 * is bounded by the length given: SMS text arrives from outside and is
 * never trusted to be terminated, short or ASCII.
 */
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "handlers/handlers.h"
#include "handlers/words.h"

#define SLOTS_MAX	8	/* longest form template understood */
#define FORMS_MAX	(sizeof(((struct handler_entry *)0)->forms) / \
			    sizeof(((struct handler_entry *)0)->forms[0]))

/* Which words each slot of a form took: slot i has count[i] from first[i]. */
struct fit {
	int		 first[SLOTS_MAX];
	int		 count[SLOTS_MAX];
};

/* How far the words got into a form that did not fit them. */
struct diag {
	int		 accepted;	/* words taken before the first refusal */
	int		 err;		/* PARSE_* */
	int		 word;		/* the word refused, or -1 */
};

static char
to_upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

static int
all_digits(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!is_digit((unsigned char)s[i]))
			return 0;
	return len > 0;
}

int
pin_wellformed(const char *pin)
{
	size_t len = strlen(pin);

	return len >= 4 && len <= 6 && all_digits(pin, len);
}

static void
copy_word(char *dst, size_t dstlen, const struct word *w, int upper)
{
	size_t i, n = w->len < dstlen - 1 ? w->len : dstlen - 1;

	for (i = 0; i < n; i++)
		dst[i] = upper ? to_upper(w->s[i]) : w->s[i];
	dst[n] = '\0';
}

/*
 * The refused word goes back to the sender in the reply: cut it on a
 * UTF-8 character boundary and keep control bytes out of the SMS.
 */
static void
copy_err_word(struct parsed *p, const struct word *w)
{
	size_t i, n = w->len;

	if (n > sizeof(p->err_word) - 1) {
		n = sizeof(p->err_word) - 1;
		while (n > 0 && ((unsigned char)w->s[n] & 0xc0) == 0x80)
			n--;
		/* Nor through digits: part of a PIN is no better than all of it. */
		while (n > 0 && is_digit((unsigned char)w->s[n]) &&
		    is_digit((unsigned char)w->s[n - 1]))
			n--;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)w->s[i];

		p->err_word[i] = c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	p->err_word[n] = '\0';
}

/* A member number: one to three letters, then one to six digits (A017). */
static int
word_is_member_number(const struct word *w)
{
	size_t i = 0;

	while (i < w->len && i < 3 && is_alpha((unsigned char)w->s[i]))
		i++;
	if (i == 0 || w->len - i < 1 || w->len - i > 6)
		return 0;
	return all_digits(w->s + i, w->len - i);
}

/* A code the gateway gave out: a letter and one to eight digits (P0007). */
static int
word_is_code(const struct word *w)
{
	return w->len >= 2 && w->len <= 9 && is_alpha((unsigned char)w->s[0]) &&
	    all_digits(w->s + 1, w->len - 1);
}

static int
word_eq(const struct word *w, const char *s)
{
	return w->len == strlen(s) && strncasecmp(w->s, s, w->len) == 0;
}

static const struct {
	const char	*word;
	enum saving_type type;
} type_words[] = {
	{ "POKOK", SAVING_POKOK }, { "PKK", SAVING_POKOK },
	{ "WAJIB", SAVING_WAJIB }, { "WJB", SAVING_WAJIB },
	{ "SUKARELA", SAVING_SUKARELA }, { "SKR", SAVING_SUKARELA },
	{ "SKRL", SAVING_SUKARELA }, { "SUKRL", SAVING_SUKARELA },
};

/* The saving types, their short forms, and one typo of a full name (sukarla, wjib). */
static int
word_type(const struct word *w, enum saving_type *t)
{
	size_t i, n = sizeof(type_words) / sizeof(type_words[0]);

	for (i = 0; i < n; i++)
		if (word_eq(w, type_words[i].word)) {
			*t = type_words[i].type;
			return 1;
		}
	if (w->len < 4)
		return 0;
	for (i = 0; i < n; i++)
		if (strlen(type_words[i].word) >= 5 &&
		    words_one_typo(type_words[i].word, strlen(type_words[i].word),
		    w->s, w->len)) {
			*t = type_words[i].type;
			return 1;
		}
	return 0;
}

/* Months as 12, 12bln or 12 bulan: at most three digits. */
static int
months_read(const struct word *w, int *months)
{
	static const char *const units[] = { "bulan", "bln", "bl" };
	char buf[24];
	size_t i, n, u;

	if (word_compact(w, buf, sizeof(buf)) == -1)
		return -1;
	n = strlen(buf);
	for (u = 0; u < sizeof(units) / sizeof(units[0]); u++)
		if (n > strlen(units[u]) && strcasecmp(buf + n - strlen(units[u]),
		    units[u]) == 0) {
			n -= strlen(units[u]);
			break;
		}
	if (n > 3 || !all_digits(buf, n))
		return -1;
	*months = 0;
	for (i = 0; i < n; i++)
		*months = *months * 10 + (buf[i] - '0');
	return *months > 0 ? 0 : -1;
}

/* Checks one word against one slot and stores it in p; a PARSE_* code. */
static int
slot_take(char slot, const struct word *w, struct parsed *p)
{
	char buf[MSG_MAX + 1];

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
		/* Rp 20.000 and 50 ribu came as one word with a space inside. */
		if (word_compact(w, buf, sizeof(buf)) == -1)
			return PARSE_AMOUNT_TOO_LARGE;
		return parse_amount(buf, strlen(buf), &p->amount);
	case 'N':
		return months_read(w, &p->months) == 0 ? PARSE_OK : PARSE_BAD_MONTHS;
	case 'L':
		return word_eq(w, "ALIAS") ? PARSE_OK : PARSE_BAD_FORM;
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
	case 'Q':
		if (w->len < 4 || w->len > 6 || !all_digits(w->s, w->len))
			return PARSE_BAD_PIN;
		if (slot == 'P') {
			copy_word(p->pin, sizeof(p->pin), w, 0);
			p->has_pin = 1;
		} else
			copy_word(p->newpin, sizeof(p->newpin), w, 0);
		return PARSE_OK;
	}
	return PARSE_BAD_FORM;
}

/* Joins count words with single spaces; -1 when they do not fit out. */
static int
item_join(const struct word *w, int count, char *out, size_t outlen)
{
	size_t o = 0;
	int k;

	for (k = 0; k < count; k++) {
		if (o + (k > 0) + w[k].len >= outlen)
			return -1;
		if (k > 0)
			out[o++] = ' ';
		memcpy(out + o, w[k].s, w[k].len);
		o += w[k].len;
	}
	out[o] = '\0';
	return 0;
}

/* Slots after which a word must still come: all but the optional type. */
static int
slots_needed(const char *slots)
{
	int n = 0;

	for (; *slots != '\0'; slots++)
		n += *slots != 't';
	return n;
}

/* How many words short of, or beyond, what the form can take. */
static int
slots_distance(const char *slots, int n)
{
	int min = 0, max = 0;

	for (; *slots != '\0'; slots++) {
		min += *slots != 't';
		max += *slots == 'I' ? TOKENS_MAX : 1;
	}
	return n < min ? min - n : n > max ? n - max : 0;
}

/*
 * Backtracking over the slots: words w[at..n) must be used up exactly.
 * The item takes as many words as still leave the rest a fit; an absent
 * saving type is tried after a present one.
 */
static int
fit_form(const char *slots, int si, const struct word *w, int n, int at,
    struct fit *fit, struct parsed *scratch)
{
	char slot = slots[si];
	int k;

	if (slot == '\0')
		return at == n;
	fit->first[si] = at;
	if (slot == 'I') {
		for (k = n - at; k >= 1; k--) {
			fit->count[si] = k;
			if (item_join(w + at, k, scratch->item,
			    sizeof(scratch->item)) == 0 &&
			    fit_form(slots, si + 1, w, n, at + k, fit, scratch))
				return 1;
		}
		return 0;
	}
	if (at < n && slot_take(slot, &w[at], scratch) == PARSE_OK) {
		fit->count[si] = 1;
		if (fit_form(slots, si + 1, w, n, at + 1, fit, scratch))
			return 1;
	}
	if (slot != 't')
		return 0;
	fit->count[si] = 0;
	return fit_form(slots, si + 1, w, n, at, fit, scratch);
}

/* Stores what the winning fit took; the slots were checked already. */
static void
fit_store(const char *slots, const struct word *w, const struct fit *fit,
    struct parsed *p)
{
	int si;

	for (si = 0; slots[si] != '\0'; si++) {
		if (fit->count[si] == 0)
			continue;
		if (slots[si] == 'I')
			(void)item_join(w + fit->first[si], fit->count[si],
			    p->item, sizeof(p->item));
		else
			(void)slot_take(slots[si], &w[fit->first[si]], p);
	}
}

/*
 * Follows a form that did not fit as far as the words go, to find the
 * first word one of its slots refuses.  The item takes what the slots
 * after it leave; a word in the place of the saving type must be one
 * when there are more words than the other slots need.
 */
static void
form_diagnose(const char *slots, const struct word *w, int n, struct diag *d)
{
	struct parsed scratch;
	int at = 0, after, take, rc;

	memset(&scratch, 0, sizeof(scratch));
	d->accepted = 0;
	d->err = PARSE_OK;
	d->word = -1;
	for (; *slots != '\0'; slots++) {
		after = slots_needed(slots + 1);
		if (*slots == 'I' && at < n) {
			take = n - at - after < 1 ? 1 : n - at - after;
			/* Too long an item is noted; the slots after are still judged. */
			if (item_join(w + at, take, scratch.item,
			    sizeof(scratch.item)) == -1)
				d->err = PARSE_BAD_FORM;
			at += take;
			d->accepted += take;
			continue;
		}
		if (*slots == 't') {
			if (at < n && slot_take('t', &w[at], &scratch) == PARSE_OK) {
				at++;
				d->accepted++;
			} else if (n - at > after) {
				d->err = PARSE_BAD_FORM;
				d->word = at;
				return;
			}
			continue;
		}
		if (at >= n) {
			d->err = PARSE_BAD_FORM;	/* a word is missing */
			return;
		}
		if ((rc = slot_take(*slots, &w[at], &scratch)) != PARSE_OK) {
			if (d->err == PARSE_OK) {
				d->err = rc;
				d->word = at;
			}
			return;
		}
		at++;
		d->accepted++;
	}
	if (at < n || d->err == PARSE_OK)
		d->err = PARSE_BAD_FORM;	/* words left over */
}

/*
 * No form fits: explain with the form the words fit best, the one they
 * get furthest into for the fewest words missing or left over, and name
 * the first word it refuses.  A word refused as a PIN is never kept: it
 * may be the real PIN mistyped.
 */
static void
explain(const struct handler_entry *e, const struct word *w, int n,
    struct parsed *p)
{
	struct diag d, best;
	int f, score, best_score = 0;
	const char *slots;

	memset(&best, 0, sizeof(best));
	for (f = 0; f < (int)FORMS_MAX && (slots = e->forms[f].slots) != NULL;
	    f++) {
		form_diagnose(slots, w, n, &d);
		score = d.accepted - slots_distance(slots, n);
		if (f == 0 || score > best_score) {
			best_score = score;
			best = d;
			p->form = f;
		}
	}
	p->err = best.err == PARSE_OK ? PARSE_BAD_FORM : (enum parse_error)best.err;
	if (best.word >= 0 && p->err != PARSE_BAD_PIN)
		copy_err_word(p, &w[best.word]);
}

/*
 * The stored copy of a parsed message: the text as sent with every run of
 * 4-6 digits as ****, but for the words the form took as a member, an
 * amount or a code, which are what the operator needs to read.  The runs
 * hidden are what a reply must never show.
 */
static void
redact_parsed(const char *text, size_t len, const char *slots,
    const struct word *w, const struct fit *fit, struct parsed *p)
{
	struct pin_span keep[TOKENS_MAX];
	int si, k, nk = 0;

	for (si = 0; slots[si] != '\0'; si++) {
		if (slots[si] != 'M' && slots[si] != 'A' && slots[si] != 'C')
			continue;
		for (k = fit->first[si]; k < fit->first[si] + fit->count[si] &&
		    nk < TOKENS_MAX; k++) {
			keep[nk].s = w[k].s;
			keep[nk].len = w[k].len;
			nk++;
		}
	}
	(void)pin_runs_hide(text, len, keep, nk, p->redacted, sizeof(p->redacted),
	    &p->suspects);
}

int
parse_command(const char *text, size_t len, struct parsed *p)
{
	struct words ws;
	struct parsed scratch;
	struct fit fit;
	const struct handler_entry *e;
	const char *slots;
	int f;

	memset(p, 0, sizeof(*p));
	if (len > MSG_MAX) {
		p->err = PARSE_TOO_LONG;
		goto fail;
	}
	words_read(text, len, &ws);
	p->greeting = ws.greeting;
	p->thanks = ws.thanks;
	if (ws.n == 0) {
		p->err = ws.courtesy ? PARSE_COURTESY : PARSE_EMPTY;
		goto fail;
	}
	if ((e = handler_find(ws.w[0].s, ws.w[0].len)) == NULL) {
		p->err = PARSE_UNKNOWN_COMMAND;
		copy_err_word(p, &ws.w[0]);
		/* "mau tanya cara cek saldo": the answer is how to ask for it. */
		for (f = 1; f < ws.n && p->hint == NULL; f++)
			p->hint = handler_find(ws.w[f].s, ws.w[f].len);
		goto fail;
	}
	p->entry = e;
	if (ws.overflow) {
		p->err = PARSE_TOO_MANY_WORDS;
		goto fail;
	}
	for (f = 0; f < (int)FORMS_MAX && (slots = e->forms[f].slots) != NULL;
	    f++) {
		if (strlen(slots) > SLOTS_MAX)
			continue;
		memset(&scratch, 0, sizeof(scratch));
		memset(&fit, 0, sizeof(fit));
		if (!fit_form(slots, 0, ws.w + 1, ws.n - 1, 0, &fit, &scratch))
			continue;
		p->form = f;
		fit_store(slots, ws.w + 1, &fit, p);
		redact_parsed(text, len, slots, ws.w + 1, &fit, p);
		return 0;
	}
	explain(e, ws.w + 1, ws.n - 1, p);
fail:
	(void)pin_runs_hide(text, len, NULL, 0, p->redacted, sizeof(p->redacted),
	    &p->suspects);
	return -1;
}

/*
 * A message that did not parse may still hold a PIN, glued to anything:
 * every run of four to six digits is hidden before the text is stored or
 * logged.  At most MSG_MAX bytes are kept.
 */
void
redact_unparsed(const char *text, size_t len, char *out, size_t outlen)
{
	if (outlen > MSG_MAX + 1)
		outlen = MSG_MAX + 1;
	(void)pin_runs_hide(text, len, NULL, 0, out, outlen, NULL);
}
