/*
 * Amounts as people write them in an SMS: 50000, 50.000, Rp50.000,
 * 50rb, 50ribu, 50k, 1,5jt, 2juta.  The result is whole rupiah; anything
 * that would need a fraction of a rupiah, or is too large to be a real
 * cooperative amount, is refused rather than rounded.
 */
#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "handlers/handlers.h"

#define AMOUNT_MAX 999999999999LL	/* under a trillion rupiah */

static const struct suffix {
	const char	*word;
	int64_t		 factor;
} suffixes[] = {
	{ "ribu", 1000 }, { "rb", 1000 }, { "k", 1000 },
	{ "juta", 1000000 }, { "jt", 1000000 },
};

static int
has_prefix_ci(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && strncasecmp(s, prefix, n) == 0;
}

/* Adds a digit to *v unless the result would pass AMOUNT_MAX. */
static int
push_digit(int64_t *v, char c)
{
	if (*v > (AMOUNT_MAX - (c - '0')) / 10)
		return -1;
	*v = *v * 10 + (c - '0');
	return 0;
}

int
parse_amount(const char *s, size_t len, int64_t *out)
{
	int64_t whole = 0, frac = 0, factor = 1, scale = 1;
	size_t i, n, digits = 0, group = 0, fracdigits = 0;
	int groups = 0, in_frac = 0, too_large = 0;

	if (has_prefix_ci(s, len, "rp")) {
		s += 2;
		len -= 2;
		if (len > 0 && s[0] == '.') {
			s++;
			len--;
		}
	}
	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		n = strlen(suffixes[i].word);
		if (len > n && strncasecmp(s + len - n, suffixes[i].word, n) == 0) {
			factor = suffixes[i].factor;
			len -= n;
			break;
		}
	}
	/* Cents written out (50.000,00 or 50.000,-) are no part of the amount. */
	if (factor == 1 && len > 3 && (strncmp(s + len - 3, ",00", 3) == 0))
		len -= 3;
	else if (factor == 1 && len > 2 && strncmp(s + len - 2, ",-", 2) == 0)
		len -= 2;
	if (len == 0 || !isdigit((unsigned char)s[0]))
		return PARSE_BAD_AMOUNT;
	if (s[0] == '0' && (len == 1 || isdigit((unsigned char)s[1])))
		return PARSE_BAD_AMOUNT;	/* 0, or 0812...: not an amount */

	for (i = 0; i < len; i++) {
		char c = s[i];

		if (isdigit((unsigned char)c)) {
			if (in_frac) {
				if (++fracdigits > 6 || push_digit(&frac, c) == -1)
					return PARSE_BAD_AMOUNT;
				scale *= 10;
			} else {
				if (push_digit(&whole, c) == -1)
					too_large = 1;
				digits++;
				group++;
			}
			continue;
		}
		if (in_frac)
			return PARSE_BAD_AMOUNT;
		if (c == '.' && factor > 1 && (len - i - 1 == 1 || len - i - 1 == 2) &&
		    groups == 0) {
			in_frac = 1;		/* 1.5jt: a decimal point */
			continue;
		}
		if (c == ',' && factor > 1 && groups == 0) {
			in_frac = 1;		/* 1,5jt */
			continue;
		}
		if (c == '.') {
			/* Thousands: the first group 1-3 digits, every later one 3. */
			if ((groups == 0 && (group < 1 || group > 3)) ||
			    (groups > 0 && group != 3))
				return PARSE_BAD_AMOUNT;
			groups++;
			group = 0;
			continue;
		}
		return PARSE_BAD_AMOUNT;
	}
	if (groups > 0 && group != 3)
		return PARSE_BAD_AMOUNT;
	if (in_frac && fracdigits == 0)
		return PARSE_BAD_AMOUNT;
	if (too_large || whole > AMOUNT_MAX / factor)
		return PARSE_AMOUNT_TOO_LARGE;
	whole *= factor;
	/* The fraction must come out as whole rupiah: 1,5jt yes, 1,0005rb no. */
	if (frac != 0 && (frac * factor) % scale != 0)
		return PARSE_BAD_AMOUNT;
	whole += frac * factor / scale;
	if (whole > AMOUNT_MAX)
		return PARSE_AMOUNT_TOO_LARGE;
	if (whole <= 0)
		return PARSE_BAD_AMOUNT;
	*out = whole;
	return PARSE_OK;
}
