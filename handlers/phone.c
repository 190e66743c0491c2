/*
 * Phone numbers and senders.  Indonesians write one number as 0812…,
 * 62812…, +62812… or 0062812…; the gateway keeps E.164 (+62812…) so a
 * member is found however her number was typed.  Senders that are names (TELKOMSEL)
 * or short codes (3636) are operators' machines and are never answered.
 */
#include <stdio.h>
#include <string.h>

#include "handlers/handlers.h"

#define E164_DIGITS	15
#define MOBILE_MIN	9	/* 8 and 8 more digits after +62 */
#define MOBILE_MAX	13	/* 8 and 12 more */
#define FOREIGN_MIN	8

static int
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Collects the digits of a number written with a plus in front and dashes
 * or single spaces between groups (0812-3456-7890); -1 for anything else.
 */
static int
digits_collect(const char *s, char *d, size_t dlen, int *plus)
{
	size_t n = 0;

	*plus = *s == '+';
	if (*plus)
		s++;
	for (; *s != '\0'; s++) {
		if ((*s == '-' || *s == ' ') && n > 0 && is_digit((unsigned char)s[1]))
			continue;
		if (!is_digit((unsigned char)*s) || n + 1 >= dlen)
			return -1;
		d[n++] = *s;
	}
	d[n] = '\0';
	return n > 0 ? 0 : -1;
}

/* An Indonesian mobile number after the country code: 8 and 8-12 digits. */
static int
mobile_ok(const char *national)
{
	size_t n = strlen(national);

	return national[0] == '8' && n >= MOBILE_MIN && n <= MOBILE_MAX;
}

int
phone_normalize(const char *in, char *out, size_t outlen)
{
	char d[E164_DIGITS + 4];	/* 00, the digits and the NUL */
	const char *national = NULL;
	int plus, n;

	if (digits_collect(in, d, sizeof(d), &plus) == -1)
		return -1;
	/* 00 is the international prefix dialled where a plus cannot be typed. */
	if (!plus && d[0] == '0' && d[1] == '0') {
		memmove(d, d + 2, strlen(d + 2) + 1);
		plus = 1;
	}
	if (!plus && d[0] == '0')
		national = d + 1;
	else if (strncmp(d, "62", 2) == 0)
		national = d + 2;
	if (national != NULL) {
		if (!mobile_ok(national))
			return -1;
		n = snprintf(out, outlen, "+62%s", national);
	} else {
		/* Another country: kept as written if it can be E.164. */
		if (!plus || d[0] == '0' || strlen(d) < FOREIGN_MIN ||
		    strlen(d) > E164_DIGITS)
			return -1;
		n = snprintf(out, outlen, "+%s", d);
	}
	return n >= 0 && (size_t)n < outlen ? 0 : -1;
}

int
sender_is_person(const char *sender)
{
	char e164[24];
	const char *s;
	int digits = 0;

	/* Any letter, in any script, makes it a name. */
	for (s = sender; *s != '\0'; s++) {
		if (is_digit((unsigned char)*s))
			digits++;
		else if (*s != '+' && *s != '-' && *s != ' ')
			return 0;
	}
	if (digits < 7)
		return 0;
	return phone_normalize(sender, e164, sizeof(e164)) == 0;
}
