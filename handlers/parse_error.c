/*
 * Why a message did not parse, in one line the sender can act on: what
 * was wrong, the word refused, and the form the command takes.  A word
 * holding digits that could be a PIN is never repeated back.
 */
#include <stdio.h>
#include <string.h>

#include "handlers/handlers.h"

#define QUOTE_MAX	20	/* bytes of the refused word shown */

/* " \"50x\" " for the refused word, or " " when it is better not shown. */
static const char *
quoted(const char *word, char *buf, size_t len)
{
	size_t n = strlen(word);

	/* Digits glued to anything may be the PIN: 2580, 2580x, PIN2580. */
	if (n == 0 || pin_runs_any(word, n)) {
		snprintf(buf, len, " ");
		return buf;
	}
	if (n > QUOTE_MAX) {
		/* Cut on a character boundary: the reply may be UCS-2. */
		n = QUOTE_MAX;
		while (n > 0 && ((unsigned char)word[n] & 0xc0) == 0x80)
			n--;
		/* Nor through a number, which might leave four digits of it. */
		while (n > 0 && word[n] >= '0' && word[n] <= '9' &&
		    word[n - 1] >= '0' && word[n - 1] <= '9')
			n--;
		if (n == 0) {
			snprintf(buf, len, " ");
			return buf;
		}
	}
	snprintf(buf, len, " \"%.*s\" ", (int)n, word);
	return buf;
}

const char *
parse_error_text(const struct parsed *p, char *buf, size_t len)
{
	const char *usage = NULL, *hint = "Ketik BANTUAN untuk daftar perintah.";
	char w[QUOTE_MAX + 8], fmt[96];

	if (len == 0)
		return buf;
	if (p->entry != NULL && p->form >= 0 &&
	    (size_t)p->form < sizeof(p->entry->forms) / sizeof(p->entry->forms[0]))
		usage = p->entry->forms[p->form].usage;
	if (usage != NULL)
		snprintf(fmt, sizeof(fmt), "Format: %s", usage);
	else
		snprintf(fmt, sizeof(fmt), "%s", hint);
	quoted(p->err_word, w, sizeof(w));

	switch (p->err) {
	case PARSE_OK:
		snprintf(buf, len, "OK");
		break;
	case PARSE_EMPTY:
		snprintf(buf, len, "Pesan kosong. %s", hint);
		break;
	case PARSE_TOO_LONG:
		snprintf(buf, len, "Pesan terlalu panjang. %s", hint);
		break;
	case PARSE_UNKNOWN_COMMAND:
		snprintf(buf, len, "Perintah%stidak dikenal. %s", w, hint);
		break;
	case PARSE_BAD_AMOUNT:
		snprintf(buf, len, "Jumlah%stidak dikenali. %s", w, fmt);
		break;
	case PARSE_AMOUNT_TOO_LARGE:
		snprintf(buf, len, "Jumlah%sterlalu besar. %s", w, fmt);
		break;
	case PARSE_BAD_PIN:
		/* Never the word: it may be the real PIN mistyped. */
		snprintf(buf, len, "PIN harus 4-6 angka. %s", fmt);
		break;
	case PARSE_BAD_MEMBER:
		snprintf(buf, len, "Anggota%stidak dikenali; pakai nomor anggota"
		    " (A017) atau nomor HP. %s", w, fmt);
		break;
	case PARSE_BAD_MONTHS:
		snprintf(buf, len, "Lama pinjaman%stidak dikenali; tulis jumlah"
		    " bulan (mis. 12). %s", w, fmt);
		break;
	case PARSE_BAD_CODE:
		snprintf(buf, len, "Kode%stidak dikenali. %s", w, fmt);
		break;
	case PARSE_TOO_MANY_WORDS:
		snprintf(buf, len, "Terlalu banyak kata. %s", fmt);
		break;
	case PARSE_BAD_FORM:
	default:
		if (p->err_word[0] != '\0' && strcmp(w, " ") != 0)
			snprintf(buf, len, "Kata%stidak dikenali. %s", w, fmt);
		else
			snprintf(buf, len, "Format salah. %s", fmt);
		break;
	}
	return buf;
}
