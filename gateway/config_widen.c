/*
 * Integer literals of the config text marked 64-bit before libconfig reads
 * them (see config_widen.h).  The scan knows just enough of libconfig's
 * lexical rules to tell a number from a name, a string or a comment.
 */
#include <stdlib.h>
#include <string.h>

#include "gateway/config_widen.h"

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int
is_name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '*';
}

static int
is_name_char(char c)
{
	return is_name_start(c) || is_digit(c) || c == '_' || c == '-';
}

/* A number-like run: digits, letters, dots, and a sign after an exponent. */
static size_t
number_end(const char *t, size_t i, size_t len)
{
	int hex = i + 1 < len && t[i] == '0' && (t[i + 1] == 'x' || t[i + 1] == 'X');

	while (i < len) {
		char c = t[i];

		if (is_name_char(c) && c != '-' && c != '*')
			i++;
		else if (c == '.')
			i++;
		else if ((c == '+' || c == '-') && !hex && i > 0 &&
		    (t[i - 1] == 'e' || t[i - 1] == 'E'))
			i++;
		else
			break;
	}
	return i;
}

/* Only a plain decimal or hex integer gets the suffix; floats and 5L stay. */
static int
wants_suffix(const char *t, size_t from, size_t to)
{
	size_t i = from;

	if (to - from > 2 && t[i] == '0' && (t[i + 1] == 'x' || t[i + 1] == 'X')) {
		for (i += 2; i < to; i++)
			if (!is_hex(t[i]))
				return 0;
		return 1;
	}
	for (; i < to; i++)
		if (!is_digit(t[i]))
			return 0;
	return to > from;
}

char *
config_widen_ints(const char *t, size_t len)
{
	char *out;
	size_t i = 0, o = 0, end;

	/* At worst every other byte is a one-digit number. */
	if ((out = malloc(len + len / 2 + 2)) == NULL)
		return NULL;
	while (i < len) {
		char c = t[i];

		if (c == '"') {
			end = i + 1;
			while (end < len && t[end] != '"')
				end += t[end] == '\\' && end + 1 < len ? 2 : 1;
			end = end < len ? end + 1 : len;
		} else if (c == '#' || (c == '/' && i + 1 < len && t[i + 1] == '/')) {
			end = i;
			while (end < len && t[end] != '\n')
				end++;
		} else if (c == '/' && i + 1 < len && t[i + 1] == '*') {
			end = i + 2;
			while (end + 1 < len && !(t[end] == '*' && t[end + 1] == '/'))
				end++;
			end = end + 1 < len ? end + 2 : len;
		} else if (is_name_start(c) || c == '@') {
			end = i + 1;
			while (end < len && is_name_char(t[end]))
				end++;
		} else if (is_digit(c) || (c == '.' && i + 1 < len &&
		    is_digit(t[i + 1]))) {
			end = number_end(t, i, len);
			memcpy(out + o, t + i, end - i);
			o += end - i;
			if (wants_suffix(t, i, end))
				out[o++] = 'L';
			i = end;
			continue;
		} else
			end = i + 1;
		memcpy(out + o, t + i, end - i);
		o += end - i;
		i = end;
	}
	out[o] = '\0';
	return out;
}
