/*
 * Phone numbers and senders.  Indonesians write one number as 0812…,
 * 62812… or +62812…; the gateway keeps E.164 (+62812…) so a member is
 * found however her number was typed.  Senders that are names (TELKOMSEL)
 * or short codes (3636) are operators' machines and are never answered.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "handlers/handlers.h"

int
phone_normalize(const char *in, char *out, size_t outlen)
{
	char digits[24];
	size_t n = 0;
	int plus = 0;
	const char *s = in;

	if (*s == '+') {
		plus = 1;
		s++;
	}
	for (; *s != '\0'; s++) {
		if (*s == '-' && n > 0 && s[1] != '\0' && s[1] != '-')
			continue;
		if (!isdigit((unsigned char)*s) || n == sizeof(digits) - 1)
			return -1;
		digits[n++] = *s;
	}
	digits[n] = '\0';
	if (n == 0)
		return -1;
	if (!plus && digits[0] == '0') {
		/* 0812…: a national number; 8 to 12 digits after the 0. */
		if (n < 9 || n > 13 || digits[1] == '0')
			return -1;
		return snprintf(out, outlen, "+62%s", digits + 1) < (int)outlen ?
		    0 : -1;
	}
	if (!plus && strncmp(digits, "62", 2) != 0)
		return -1;
	/* E.164: up to 15 digits; Indonesian numbers have at least 10. */
	if (n < 8 || n > 15 || digits[0] == '0')
		return -1;
	if (strncmp(digits, "62", 2) == 0 && (n < 10 || digits[2] == '0'))
		return -1;
	return snprintf(out, outlen, "+%s", digits) < (int)outlen ? 0 : -1;
}

int
sender_is_person(const char *sender)
{
	char e164[24];
	const char *s;
	int digits = 0;

	for (s = sender; *s != '\0'; s++) {
		if (isalpha((unsigned char)*s))
			return 0;
		if (isdigit((unsigned char)*s))
			digits++;
	}
	if (digits < 7)
		return 0;
	return phone_normalize(sender, e164, sizeof(e164)) == 0;
}

static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '#' ||
	    c == '\0';
}

/*
 * A message that did not parse may still hold a PIN; any word of four to
 * six digits is hidden before the text is stored or logged.
 */
void
redact_unparsed(const char *text, size_t len, char *out, size_t outlen)
{
	size_t i = 0, o = 0, j;

	if (outlen == 0)
		return;
	if (len > MSG_MAX)
		len = MSG_MAX;
	while (i < len && o + 5 < outlen) {
		if (!is_space((unsigned char)text[i]) &&
		    (i == 0 || is_space((unsigned char)text[i - 1]))) {
			for (j = i; j < len && isdigit((unsigned char)text[j]); j++)
				;
			if (j - i >= 4 && j - i <= 6 &&
			    (j == len || is_space((unsigned char)text[j]) ||
			    text[j] == '.')) {
				memcpy(out + o, "****", 4);
				o += 4;
				i = j;
				continue;
			}
		}
		out[o++] = text[i] == '\0' ? ' ' : text[i];
		i++;
	}
	out[o] = '\0';
}

/* A word that could be someone's PIN is never repeated back. */
static const char *
quoted(const char *word, char *buf, size_t len)
{
	size_t n = strlen(word), i;
	int digits = n >= 4 && n <= 6;

	for (i = 0; i < n && digits; i++)
		digits = isdigit((unsigned char)word[i]) != 0;
	if (digits || n == 0)
		snprintf(buf, len, " ");
	else
		snprintf(buf, len, " \"%.20s\" ", word);
	return buf;
}

const char *
parse_error_text(const struct parsed *p, char *buf, size_t len)
{
	const char *usage = "";
	char w[32];

	if (p->entry != NULL)
		usage = p->entry->forms[p->form].usage;
	switch (p->err) {
	case PARSE_OK:
		snprintf(buf, len, "OK");
		break;
	case PARSE_EMPTY:
		snprintf(buf, len, "Pesan kosong. Ketik BANTUAN untuk daftar"
		    " perintah.");
		break;
	case PARSE_TOO_LONG:
		snprintf(buf, len, "Pesan terlalu panjang. Ketik BANTUAN untuk"
		    " daftar perintah.");
		break;
	case PARSE_UNKNOWN_COMMAND:
		snprintf(buf, len, "Perintah%stidak dikenal. Ketik BANTUAN untuk"
		    " daftar perintah.", quoted(p->err_word, w, sizeof(w)));
		break;
	case PARSE_BAD_AMOUNT:
		snprintf(buf, len, "Jumlah%stidak dikenali. Format: %s",
		    quoted(p->err_word, w, sizeof(w)), usage);
		break;
	case PARSE_AMOUNT_TOO_LARGE:
		snprintf(buf, len, "Jumlah%sterlalu besar. Format: %s",
		    quoted(p->err_word, w, sizeof(w)), usage);
		break;
	case PARSE_BAD_PIN:
		snprintf(buf, len, "PIN harus 4-6 angka. Format: %s", usage);
		break;
	case PARSE_BAD_MEMBER:
		snprintf(buf, len, "Anggota%stidak dikenali; pakai nomor anggota"
		    " (A017) atau nomor HP. Format: %s",
		    quoted(p->err_word, w, sizeof(w)), usage);
		break;
	case PARSE_BAD_MONTHS:
		snprintf(buf, len, "Lama pinjaman%sharus angka bulan. Format: %s",
		    quoted(p->err_word, w, sizeof(w)), usage);
		break;
	case PARSE_BAD_CODE:
		snprintf(buf, len, "Kode%stidak dikenali. Format: %s",
		    quoted(p->err_word, w, sizeof(w)), usage);
		break;
	case PARSE_TOO_MANY_WORDS:
		snprintf(buf, len, "Terlalu banyak kata. Format: %s", usage);
		break;
	case PARSE_BAD_FORM:
	default:
		snprintf(buf, len, "Format salah. Format: %s", usage);
		break;
	}
	return buf;
}
