/*
 * Why a message did not parse, in one line the sender can act on: what
 * was wrong, the word refused, and what to type, with an example.  A word
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

/*
 * The usage with its example, but never an example made of digits she
 * typed: they may be her PIN.  Such digits are shifted (1234 is 6789),
 * and if those too were typed the example is left out.
 */
const char *
usage_example(const struct parsed *p, const char *usage, char *buf, size_t len)
{
	size_t i, n, k, ulen = strlen(usage);
	const char *mis;

	snprintf(buf, len, "%s", usage);
	ulen = strlen(buf);
	for (i = 0; i < ulen; i++) {
		if ((n = pin_run_at(buf, ulen, i)) == 0)
			continue;
		if (pin_suspected(&p->suspects, buf + i, n))
			for (k = i; k < i + n; k++)
				buf[k] = (char)('0' + (buf[k] - '0' + 5) % 10);
		if (pin_suspected(&p->suspects, buf + i, n)) {
			if ((mis = strstr(buf, " mis. ")) != NULL)
				buf[mis - buf - 1] = '\0';
			return buf;
		}
		i += n - 1;
	}
	return buf;
}

const char *
parse_error_text(const struct parsed *p, char *buf, size_t len)
{
	const char *usage = NULL, *hint = "Ketik BANTUAN untuk daftar perintah.";
	char w[QUOTE_MAX + 8], fmt[160], ex[160];

	if (len == 0)
		return buf;
	if (p->entry != NULL && p->form >= 0 &&
	    (size_t)p->form < sizeof(p->entry->forms) / sizeof(p->entry->forms[0]))
		usage = p->entry->forms[p->form].usage;
	if (usage != NULL)
		snprintf(fmt, sizeof(fmt), "%s.", usage_example(p, usage, ex,
		    sizeof(ex)));
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
	case PARSE_COURTESY:
		snprintf(buf, len, "%s %s", p->thanks ? "Sama-sama." : "Halo!",
		    hint);
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
		snprintf(buf, len, "Lama pinjaman%stidak dikenali. %s", w, fmt);
		break;
	case PARSE_BAD_CODE:
		snprintf(buf, len, "Kode%stidak dikenali. %s", w, fmt);
		break;
	case PARSE_TOO_MANY_WORDS:
		snprintf(buf, len, "Terlalu banyak kata. %s", fmt);
		break;
	case PARSE_BAD_FORM:
	default:
		/* What to type, not that it was wrong: she sees the example. */
		if (p->err_word[0] != '\0' && strcmp(w, " ") != 0)
			snprintf(buf, len, "Kata%stidak dikenali. %s", w, fmt);
		else
			snprintf(buf, len, "%s", fmt);
		break;
	}
	return buf;
}
