/*
 * From the bytes of an SMS to the words of a command, forgiving the ways
 * people write on a feature phone:
 *
 *  - words are separated by white space, `#`, `*` and `!`; a `.` separates
 *    too unless it stands between two digits, where it belongs to the
 *    number (50.000, 1.5jt);
 *  - polite and filler words and greetings are dropped wherever they
 *    stand (saya, mau, tolong, terima kasih, selamat pagi, ...), so the PIN
 *    is the last word of digits even when thanks follow it;
 *  - in the keyword's place `cek`, `ganti` or `info` before another
 *    keyword is dropped (cek saldo, ganti pin), and a keyword glued to
 *    digits is split (saldo1234);
 *  - an amount or a number of months written in two or three words is one
 *    word (Rp 20.000, 50 ribu, 1,5 jt, 12 bulan).
 *
 * Words stay spans of the original text; nothing is copied.
 */
#include <string.h>
#include <strings.h>

#include "handlers/words.h"

#define RAW_MAX		(MSG_MAX / 2 + 1)	/* a one-letter word and a separator */

static const char *const fillers[] = {
	"saya", "sy", "aku", "mau", "ingin", "pengen", "minta", "tolong", "tlg",
	"mohon", "bu", "ibu", "pak", "bapak", "min", "admin", "mas", "mbak",
	"kak", "ya", "yah", "yaa", "dong", "donk", "deh", "nih", "kah", "lah",
	"please", "pls", "plis", "nya", "kok", "sih", "ok", "oke", NULL
};

static const char *const thanks[] = {
	"makasih", "makasi", "mksh", "trims", "trimakasih", "terimakasih",
	"thanks", "thx", "tks", "tq", "nuhun", "matur", "suwun", NULL
};

static const char *const greetings[] = {
	"halo", "hallo", "hai", "hi", "helo", "hello", "selamat", "slmt", "met",
	"pagi", "siang", "sore", "malam", "assalamualaikum", "asalamualaikum",
	"assalamu'alaikum", "salam", "permisi", "punten", NULL
};

/* Said before a keyword, they only lead to it: cek saldo, ganti pin. */
static const char *const leads[] = { "cek", "ganti", "ubah", "info", "lihat",
	NULL };

static const char *const multipliers[] = { "ribu", "rb", "rbu", "juta", "jt",
	"k", NULL };
static const char *const month_words[] = { "bulan", "bln", "bl", NULL };

static int
is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '#' ||
	    c == '*' || c == '\0';
}

static int
is_separator(const char *s, size_t len, size_t i)
{
	unsigned char c = (unsigned char)s[i];

	/* .5jt stays one word, to be refused rather than read as 5jt. */
	if (c == '.')
		return !(i + 1 < len && is_digit((unsigned char)s[i + 1]) &&
		    (i == 0 || is_digit((unsigned char)s[i - 1]) ||
		    is_blank((unsigned char)s[i - 1])));
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '#' ||
	    c == '*' || c == '!' || c == '\0';
}

static int
has_digit(const struct word *w)
{
	size_t i;

	for (i = 0; i < w->len; i++)
		if (is_digit((unsigned char)w->s[i]))
			return 1;
	return 0;
}

/* A word of letters loses the commas and question marks after it. */
static void
trim_punctuation(struct word *w)
{
	size_t n = w->len;

	if (has_digit(w))
		return;
	while (n > 1 && (w->s[n - 1] == ',' || w->s[n - 1] == '?'))
		n--;
	if (n < w->len && is_alpha((unsigned char)w->s[n - 1]))
		w->len = n;
}

static int
in_list(const struct word *w, const char *const *list)
{
	/* The lists are lower case ASCII: most entries fail on the first letter. */
	unsigned char first = w->len > 0 ? (unsigned char)w->s[0] : 0;

	if (first >= 'A' && first <= 'Z')
		first = (unsigned char)(first - 'A' + 'a');
	for (; *list != NULL; list++)
		if ((unsigned char)(*list)[0] == first && strlen(*list) == w->len &&
		    strncasecmp(*list, w->s, w->len) == 0)
			return 1;
	return 0;
}

static int
is_number(const struct word *w)
{
	return w->len > 0 && is_digit((unsigned char)w->s[0]);
}

int
words_one_typo(const char *a, size_t la, const char *b, size_t lb)
{
	size_t i = 0, j = 0;
	int edits = 0;

	if (la > lb + 1 || lb > la + 1)
		return 0;
	while (i < la && j < lb) {
		if (strncasecmp(a + i, b + j, 1) == 0) {
			i++;
			j++;
			continue;
		}
		if (++edits > 1)
			return 0;
		if (la > lb)
			i++;
		else if (lb > la)
			j++;
		else {
			i++;
			j++;
		}
	}
	return edits + (int)(la - i) + (int)(lb - j) <= 1;
}

int
word_compact(const struct word *w, char *out, size_t outlen)
{
	size_t i, o = 0;
	char c;

	for (i = 0; i < w->len; i++) {
		c = w->s[i];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '#' ||
		    c == '*' || c == '\0')
			continue;
		if (o + 1 >= outlen)
			return -1;
		out[o++] = c;
	}
	out[o] = '\0';
	return 0;
}

/* Letters of a word that make a keyword when digits follow them: saldo1234. */
static size_t
glued_keyword(const struct word *w)
{
	size_t i = 0;

	while (i < w->len && is_alpha((unsigned char)w->s[i]))
		i++;
	if (i == 0 || i == w->len || !is_digit((unsigned char)w->s[i]))
		return 0;
	return handler_find(w->s, i) != NULL ? i : 0;
}

static int
is_keyword(const struct word *w)
{
	return handler_find(w->s, w->len) != NULL || glued_keyword(w) > 0;
}

static size_t
raw_split(const char *text, size_t len, struct word *raw)
{
	size_t i = 0, start, n = 0;

	while (i < len && n < RAW_MAX) {
		while (i < len && is_separator(text, len, i))
			i++;
		if (i == len)
			break;
		start = i;
		while (i < len && !is_separator(text, len, i))
			i++;
		raw[n].s = text + start;
		raw[n].len = i - start;
		trim_punctuation(&raw[n]);
		n++;
	}
	return n;
}

enum courtesy { COURTESY_FILLER, COURTESY_GREETING, COURTESY_THANKS };

/* How many raw words from i are courtesy, or 0: terima kasih is two. */
static size_t
courtesy_at(const struct word *raw, size_t n, size_t i, enum courtesy *kind)
{
	static const struct word kasih[] = { { "kasih", 5 }, { "kasi", 4 },
		{ "ksh", 3 } };
	size_t k;

	*kind = COURTESY_FILLER;
	if (in_list(&raw[i], fillers))
		return 1;
	if (in_list(&raw[i], greetings)) {
		*kind = COURTESY_GREETING;
		return 1;
	}
	*kind = COURTESY_THANKS;
	if (in_list(&raw[i], thanks))
		return 1;
	if (i + 1 < n && raw[i].len == 6 && strncasecmp(raw[i].s, "terima", 6) == 0)
		for (k = 0; k < sizeof(kasih) / sizeof(kasih[0]); k++)
			if (raw[i + 1].len == kasih[k].len &&
			    strncasecmp(raw[i + 1].s, kasih[k].s, kasih[k].len) == 0)
				return 2;
	return 0;
}

/* The next raw word from i that is no courtesy, or n. */
static size_t
next_meaningful(const struct word *raw, size_t n, size_t i)
{
	size_t c;
	enum courtesy g;

	while (i < n && (c = courtesy_at(raw, n, i, &g)) > 0)
		i += c;
	return i;
}

static void
emit(struct words *ws, const char *s, size_t len)
{
	if (ws->n == TOKENS_MAX) {
		ws->overflow = 1;
		return;
	}
	ws->w[ws->n].s = s;
	ws->w[ws->n].len = len;
	ws->n++;
}

/* Words from i that read as one amount or number of months; 1 if none. */
static size_t
joined_at(const struct word *raw, size_t n, size_t i)
{
	size_t j = i;

	if (raw[i].len == 2 && strncasecmp(raw[i].s, "rp", 2) == 0 && i + 1 < n &&
	    is_number(&raw[i + 1]))
		j++;
	if (is_number(&raw[j]) && j + 1 < n && (in_list(&raw[j + 1], multipliers) ||
	    in_list(&raw[j + 1], month_words)))
		j++;
	return j - i + 1;
}

void
words_read(const char *text, size_t len, struct words *ws)
{
	struct word raw[RAW_MAX];
	size_t n, i, c, k, next;
	enum courtesy kind;

	memset(ws, 0, sizeof(*ws));
	n = raw_split(text, len, raw);
	if (n == RAW_MAX && raw[n - 1].s + raw[n - 1].len < text + len)
		ws->overflow = 1;
	for (i = 0; i < n; i += c) {
		if ((c = courtesy_at(raw, n, i, &kind)) > 0) {
			ws->courtesy = 1;
			if (kind == COURTESY_GREETING && ws->n == 0)
				ws->greeting = 1;
			ws->thanks |= kind == COURTESY_THANKS;
			continue;
		}
		c = 1;
		if (ws->n == 0) {
			next = next_meaningful(raw, n, i + 1);
			if (in_list(&raw[i], leads) && next < n && is_keyword(&raw[next]))
				continue;
			if ((k = glued_keyword(&raw[i])) > 0) {
				emit(ws, raw[i].s, k);
				emit(ws, raw[i].s + k, raw[i].len - k);
				continue;
			}
		}
		c = joined_at(raw, n, i);
		emit(ws, raw[i].s, (size_t)(raw[i + c - 1].s + raw[i + c - 1].len -
		    raw[i].s));
	}
}
