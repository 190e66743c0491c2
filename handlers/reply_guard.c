/*
 * The last check before an SMS is queued: it must not show the sender's
 * PIN.  Handlers already keep typed digits out of what they quote; this
 * is the one place that guarantees it, whatever a handler does, the way
 * a protocol is guaranteed by the helpers every reply goes through.  A
 * text that fails is not sent in part: a safe one takes its place.
 */
#include <stdio.h>
#include <string.h>

#include "handlers/handlers.h"

/*
 * Every run of 4-6 digits in the text is checked against the digits the
 * sender typed that may be a PIN, and against the sender's PIN itself
 * by its keyed hash (microseconds a run), which also catches a PIN that
 * reached the text as a code or member number the parse accepted.
 */
enum reply_safety
reply_is_safe(const struct hctx *ctx, const char *text)
{
	size_t len = strlen(text), i, n;
	int typed = 0;

	for (i = 0; i < len; i++) {
		if ((n = pin_run_at(text, len, i)) == 0)
			continue;
		if (ctx->registered &&
		    pin_run_is_pin(ctx->key, &ctx->me, text + i, n))
			return REPLY_SHOWS_PIN;
		if (ctx->cmd != NULL &&
		    pin_suspected(&ctx->cmd->suspects, text + i, n))
			typed = 1;
		i += n - 1;
	}
	return typed ? REPLY_SHOWS_TYPED : REPLY_SAFE;
}

/* What the sender gets instead: the usage hint for a refusal, else why. */
static void
safe_text(const struct hctx *ctx, enum reply_safety why, const char *phone,
    char *text, size_t len)
{
	struct parsed quiet;

	if (strcmp(phone, ctx->sender) != 0) {
		snprintf(text, len, "Ada pemberitahuan untuk Anda yang tidak dapat"
		    " dikirim lewat SMS. Hubungi pengurus koperasi.");
		return;
	}
	if (ctx->cmd != NULL && ctx->cmd->err != PARSE_OK) {
		quiet = *ctx->cmd;
		quiet.err_word[0] = '\0';
		parse_error_text(&quiet, text, len);
		/* Its example may be made of the very digits she typed. */
		if (reply_is_safe(ctx, text) == REPLY_SAFE)
			return;
		snprintf(text, len, "Pesan belum dapat diproses. Ketik BANTUAN"
		    " untuk daftar perintah.");
		return;
	}
	if (why == REPLY_SHOWS_PIN)
		snprintf(text, len, "Balasan tidak ditampilkan karena memuat angka"
		    " PIN Anda. Demi keamanan, ganti PIN: PIN PIN_LAMA PIN_BARU");
	else
		snprintf(text, len, "Balasan tidak ditampilkan karena memuat angka"
		    " yang mungkin PIN Anda. Ketik BANTUAN untuk daftar perintah.");
}

enum reply_safety
reply_guard(const struct hctx *ctx, const char *phone, char *text, size_t len)
{
	enum reply_safety why = reply_is_safe(ctx, text);

	if (why == REPLY_SAFE)
		return why;
	/* Never the text itself: it is what must not be seen. */
	log_warnx("inbox %lld: SMS to %s held back: it showed digits that %s",
	    (long long)ctx->inbox_id, phone, why == REPLY_SHOWS_PIN ?
	    "are the sender's PIN" : "the sender typed and may be a PIN");
	safe_text(ctx, why, phone, text, len);
	return why;
}
