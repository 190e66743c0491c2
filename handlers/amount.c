/*
 * Amounts as people write them in an SMS: 50000, 50.000, Rp50.000,
 * 50.000,00, 50rb, 50ribu, 50k, 1,5jt, 1.5jt, 2juta.  The result is whole
 * rupiah; anything that would need a fraction of a rupiah, or is too large
 * to be a real cooperative amount, is refused rather than rounded.
 */
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "handlers/handlers.h"

#define AMOUNT_MAX	999999999999LL	/* under a trillion rupiah */
#define FRACTION_MAX	6		/* digits after the comma in 1,5jt */

static const struct suffix {
	const char	*word;
	int64_t		 factor;
} suffixes[] = {
	{ "ribu", 1000 }, { "rb", 1000 }, { "k", 1000 },
	{ "juta", 1000000 }, { "jt", 1000000 },
};

struct number {
	int64_t		 whole;
	int64_t		 frac;		/* the digits after the decimal mark */
	int64_t		 scale;		/* 10^(those digits) */
	size_t		 digits;	/* of the whole part */
	int		 too_large;
};

static int
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
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

/* Strips Rp or Rp. in front and the multiplier behind; returns it. */
static int64_t
strip_decorations(const char **s, size_t *len)
{
	size_t i, n;

	if (*len >= 2 && strncasecmp(*s, "rp", 2) == 0) {
		*s += 2;
		*len -= 2;
		if (*len > 0 && **s == '.') {
			(*s)++;
			(*len)--;
		}
	}
	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		n = strlen(suffixes[i].word);
		if (*len > n && strncasecmp(*s + *len - n, suffixes[i].word, n) == 0) {
			*len -= n;
			return suffixes[i].factor;
		}
	}
	/* Cents written out (50.000,00 or 50.000,-) are no part of the amount. */
	if (*len > 3 && strncmp(*s + *len - 3, ",00", 3) == 0)
		*len -= 3;
	else if (*len > 2 && strncmp(*s + *len - 2, ",-", 2) == 0)
		*len -= 2;
	return 1;
}

/*
 * Digits with dots between groups of three (1.250.000), or, before a
 * multiplier, one decimal mark: a comma, or a dot followed by one or two
 * digits (1,25jt, 1.5jt; 1.500jt is fifteen hundred million).
 */
static int
number_read(const char *s, size_t len, int decimals, struct number *num)
{
	size_t i, group = 0, fracdigits = 0;
	int groups = 0, in_frac = 0;

	memset(num, 0, sizeof(*num));
	num->scale = 1;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (is_digit((unsigned char)c)) {
			if (in_frac) {
				if (++fracdigits > FRACTION_MAX)
					return -1;
				num->frac = num->frac * 10 + (c - '0');
				num->scale *= 10;
			} else {
				if (push_digit(&num->whole, c) == -1)
					num->too_large = 1;
				num->digits++;
				group++;
			}
			continue;
		}
		if (in_frac || group == 0)
			return -1;
		if (decimals && groups == 0 && (c == ',' ||
		    (c == '.' && (len - i - 1 == 1 || len - i - 1 == 2)))) {
			in_frac = 1;
			continue;
		}
		if (c != '.' || (groups == 0 && group > 3) ||
		    (groups > 0 && group != 3))
			return -1;
		groups++;
		group = 0;
	}
	if ((groups > 0 && group != 3) || (in_frac && fracdigits == 0))
		return -1;
	if (len == 0 || !is_digit((unsigned char)s[0]))
		return -1;
	/* 050000 looks like a phone number, 0.500 like a typo: only 0,5jt. */
	if (s[0] == '0' && !(num->digits == 1 && in_frac))
		return -1;
	return 0;
}

int
parse_amount(const char *s, size_t len, int64_t *out)
{
	struct number num;
	int64_t factor, v;

	factor = strip_decorations(&s, &len);
	if (number_read(s, len, factor > 1, &num) == -1)
		return PARSE_BAD_AMOUNT;
	if (num.too_large || num.whole > AMOUNT_MAX / factor)
		return PARSE_AMOUNT_TOO_LARGE;
	/* The fraction must come out as whole rupiah: 1,5jt yes, 1,0005rb no. */
	if ((num.frac * factor) % num.scale != 0)
		return PARSE_BAD_AMOUNT;
	v = num.whole * factor + num.frac * factor / num.scale;
	if (v > AMOUNT_MAX)
		return PARSE_AMOUNT_TOO_LARGE;
	if (v <= 0)
		return PARSE_BAD_AMOUNT;
	*out = v;
	return PARSE_OK;
}
