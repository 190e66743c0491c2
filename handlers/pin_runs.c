/*
 * Digits that may be somebody's PIN.  Senders glue the PIN to whatever is
 * near it (SALDO.2580, PIN2580, 2580x, saldo=2580), so what counts is a
 * run of digits, not a word: exactly four to six ASCII digits with no
 * digit just before or after.  A longer run is a phone or account number
 * and a shorter one cannot be a PIN.  Everything that stores, logs or
 * answers a text hides such runs with the helpers here.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "handlers/handlers.h"

static const char stars[] = "****";

static int
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

size_t
pin_run_at(const char *s, size_t len, size_t i)
{
	size_t e;

	if (i >= len || !is_digit((unsigned char)s[i]) ||
	    (i > 0 && is_digit((unsigned char)s[i - 1])))
		return 0;
	for (e = i; e < len && is_digit((unsigned char)s[e]); e++)
		;
	return e - i >= PIN_RUN_MIN && e - i <= PIN_RUN_MAX ? e - i : 0;
}

int
pin_runs_any(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (pin_run_at(s, len, i) > 0)
			return 1;
	return 0;
}

static void
suspect_add(struct pin_suspects *ps, const char *run, size_t n)
{
	int k;

	if (ps == NULL)
		return;
	for (k = 0; k < ps->n; k++)
		if (strlen(ps->run[k]) == n && memcmp(ps->run[k], run, n) == 0)
			return;
	if (ps->n == PIN_SUSPECTS_MAX) {
		ps->overflow = 1;
		return;
	}
	memcpy(ps->run[ps->n], run, n);
	ps->run[ps->n][n] = '\0';
	ps->n++;
}

int
pin_suspected(const struct pin_suspects *ps, const char *run, size_t n)
{
	int k;

	if (ps->overflow)
		return 1;
	for (k = 0; k < ps->n; k++)
		if (strlen(ps->run[k]) == n && memcmp(ps->run[k], run, n) == 0)
			return 1;
	return 0;
}

/* The kept span that starts at p, if one does. */
static const struct pin_span *
kept_at(const struct pin_span *keep, int nkeep, const char *p)
{
	int k;

	for (k = 0; k < nkeep; k++)
		if (keep[k].s == p && keep[k].len > 0)
			return &keep[k];
	return NULL;
}

/*
 * Stops rather than cut a run short: a PIN is never shown in part, and
 * a run is always judged on the whole of the input, not on what fits.
 */
size_t
pin_runs_hide(const char *in, size_t len, const struct pin_span *keep,
    int nkeep, char *out, size_t outlen, struct pin_suspects *seen)
{
	const struct pin_span *span;
	size_t i = 0, o = 0, n;

	if (outlen == 0)
		return 0;
	while (i < len) {
		if ((span = kept_at(keep, nkeep, in + i)) != NULL) {
			if (o + span->len >= outlen)
				break;
			memcpy(out + o, span->s, span->len);
			o += span->len;
			i += span->len;
			continue;
		}
		if ((n = pin_run_at(in, len, i)) > 0) {
			suspect_add(seen, in + i, n);
			if (o + sizeof(stars) - 1 >= outlen)
				break;
			memcpy(out + o, stars, sizeof(stars) - 1);
			o += sizeof(stars) - 1;
			i += n;
			continue;
		}
		if (o + 1 >= outlen)
			break;
		out[o++] = in[i] == '\0' ? ' ' : in[i];
		i++;
	}
	/* What was not read may hold anything: every run is suspect then. */
	if (i < len && seen != NULL)
		seen->overflow = 1;
	out[o] = '\0';
	return o;
}

int
pin_run_is_pin(const struct pin_key *key, const struct member *m,
    const char *run, size_t n)
{
	unsigned char hash[PIN_HASH_LEN];
	char pin[PIN_RUN_MAX + 1];

	if (!m->has_pin || n < PIN_RUN_MIN || n > PIN_RUN_MAX)
		return 0;
	memcpy(pin, run, n);
	pin[n] = '\0';
	pin_hash(key, m->pin_salt, pin, hash);
	return sodium_memcmp(hash, m->pin_hash, PIN_HASH_LEN) == 0;
}

void
pin_runs_hide_pin(const struct pin_key *key, const struct member *m, char *text,
    size_t len)
{
	char in[MSG_MAX + 1];
	size_t inlen, i = 0, o = 0, n;

	if (!m->has_pin || len == 0)
		return;
	inlen = (size_t)snprintf(in, sizeof(in), "%s", text);
	if (inlen >= sizeof(in))
		inlen = sizeof(in) - 1;
	/* Four stars never outgrow the four to six digits they hide. */
	while (i < inlen && o + 1 < len) {
		if ((n = pin_run_at(in, inlen, i)) > 0 &&
		    pin_run_is_pin(key, m, in + i, n)) {
			memcpy(text + o, stars, sizeof(stars) - 1);
			o += sizeof(stars) - 1;
			i += n;
			continue;
		}
		text[o++] = in[i++];
	}
	text[o] = '\0';
}

const char *
pin_runs_masked(const char *s, char *buf, size_t len)
{
	if (len > 0)
		(void)pin_runs_hide(s, strlen(s), NULL, 0, buf, len, NULL);
	return buf;
}
