/*
 * Every text the handlers cause is built here and written in the caller's
 * transaction (the sender's reply to her channel's sink, all else to the
 * outbox), so replies all look alike: rupiah written the Indonesian way,
 * texts kept inside one SMS where they can be, and never the sender's PIN
 * (handlers/reply_guard.c), whatever the channel.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers/handlers.h"

#define SMS_TEXT_MAX	1200	/* bytes of a text being built */
#define SMS_PARTS_MAX	8	/* a concatenated SMS of up to 8 parts */

char *
fmt_rp(int64_t rupiah, char *buf, size_t len)
{
	char digits[24], out[40];
	uint64_t v;
	size_t n = 0, i, o = 0;

	/* Negate as unsigned: -INT64_MIN does not fit in int64_t. */
	v = rupiah < 0 ? (uint64_t)0 - (uint64_t)rupiah : (uint64_t)rupiah;
	/* Every reply has several amounts: digits by hand, not by printf. */
	do {
		digits[sizeof(digits) - 1 - n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	memmove(digits, digits + sizeof(digits) - n, n);
	if (rupiah < 0)
		out[o++] = '-';
	out[o++] = 'R';
	out[o++] = 'p';
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[o++] = '.';
		out[o++] = digits[i];
	}
	if (len == 0)
		return buf;
	if (o >= len)
		o = len - 1;
	memcpy(buf, out, o);
	buf[o] = '\0';
	return buf;
}

/*
 * The GSM 03.38 default alphabet and its extension table, as UTF-8.  A
 * character outside both forces the whole SMS into UCS-2 (70 a part), so
 * replies are kept to these.
 */
static const char *const gsm7_basic[] = {
	"@", "£", "$", "¥", "è", "é", "ù", "ì", "ò", "Ç", "\n", "Ø", "ø", "\r",
	"Å", "å", "Δ", "_", "Φ", "Γ", "Λ", "Ω", "Π", "Ψ", "Σ", "Θ", "Ξ", "Æ",
	"æ", "ß", "É", "¤", "¡", "Ä", "Ö", "Ñ", "Ü", "§", "¿", "ä", "ö", "ñ",
	"ü", "à", NULL
};
/* The ASCII characters of the extension table ("^{}\\[~]|"): two septets. */
static int
gsm7_ext(unsigned char c)
{
	switch (c) {
	case '^': case '{': case '}': case '\\': case '[': case '~': case ']':
	case '|':
		return 1;
	default:
		return 0;
	}
}

int
sms_units(const char *s)
{
	int units = 0, i, found;
	size_t len;

	while (*s != '\0') {
		unsigned char c = (unsigned char)*s;

		if (c < 0x80) {
			if (gsm7_ext(c))
				units += 2;
			else if (c == '`')
				return -1;
			else if (c >= 0x20 || c == '\n' || c == '\r')
				units++;
			else
				return -1;
			s++;
			continue;
		}
		if (strncmp(s, "€", strlen("€")) == 0) {
			units += 2;
			s += strlen("€");
			continue;
		}
		for (found = 0, i = 0; gsm7_basic[i] != NULL; i++) {
			len = strlen(gsm7_basic[i]);
			if (len > 1 && strncmp(s, gsm7_basic[i], len) == 0) {
				units++;
				s += len;
				found = 1;
				break;
			}
		}
		if (!found)
			return -1;
	}
	return units;
}

static int
outbox_put(struct hctx *ctx, const char *phone, enum outbox_priority prio,
    enum channel ch, const char *text)
{
	struct outbox_msg m;

	memset(&m, 0, sizeof(m));
	m.inbox_id = ctx->inbox_id;
	snprintf(m.phone, sizeof(m.phone), "%s", phone);
	m.text = (char *)text;
	m.priority = prio;
	m.channel = ch;
	m.next_try_at = ctx->now;
	m.created_at = ctx->now;
	if (ch == CHANNEL_SMS)
		m.state = OUTBOX_ANTRI;
	else {
		/* Answered already, on the sender's own channel. */
		m.state = OUTBOX_TERKIRIM;
		m.sent_at = ctx->now;
		snprintf(m.modem, sizeof(m.modem), "%s", channel_name(ch));
	}
	if (outbox_insert(ctx->db, &m) == -1)
		return -1;
	if (ch == CHANNEL_SMS)
		ctx->queued++;
	return 0;
}

/*
 * The one road of every text the handlers cause, to the sender or to
 * anyone else; only the sender's reply may leave by her own channel.
 */
static int
queue_sms(struct hctx *ctx, const char *phone, enum outbox_priority prio,
    int to_sender, const char *fmt, va_list ap)
{
	char text[SMS_TEXT_MAX];
	int n;

	n = vsnprintf(text, sizeof(text), fmt, ap);
	if (n < 0 || (size_t)n >= sizeof(text) || sms_parts(text) > SMS_PARTS_MAX) {
		log_warnx("reply to %s too long (%d bytes), not sent", phone, n);
		return -1;
	}
	(void)reply_guard(ctx, phone, text, sizeof(text));
	if (to_sender && ctx->sink != NULL)
		return ctx->sink->put(ctx->sink, ctx, text);
	return outbox_put(ctx, phone, prio, CHANNEL_SMS, text);
}

int
reply_record(struct hctx *ctx, enum channel ch, const char *text)
{
	return outbox_put(ctx, ctx->sender, PRIO_REPLY, ch, text);
}

int
reply_as_sms(struct hctx *ctx, const char *text)
{
	return outbox_put(ctx, ctx->sender, PRIO_REPLY, CHANNEL_SMS, text);
}

int
reply(struct hctx *ctx, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = queue_sms(ctx, ctx->sender, PRIO_REPLY, 1, fmt, ap);
	va_end(ap);
	return rc;
}

int
notify(struct hctx *ctx, const char *phone, enum outbox_priority prio,
    const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = queue_sms(ctx, phone, prio, 0, fmt, ap);
	va_end(ap);
	return rc;
}

struct role_notice {
	struct hctx		*ctx;
	int64_t			 except_id;
	enum outbox_priority	 prio;
	const char		*text;
};

static int
notify_one(const struct member *m, void *arg)
{
	struct role_notice *rn = arg;

	if (m->id == rn->except_id)
		return 0;
	return notify(rn->ctx, m->phone, rn->prio, "%s", rn->text);
}

int
notify_roles(struct hctx *ctx, unsigned roles, int64_t except_id,
    enum outbox_priority prio, const char *fmt, ...)
{
	struct role_notice rn;
	char text[SMS_TEXT_MAX];
	va_list ap;
	unsigned bit;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(text))
		return -1;
	rn.ctx = ctx;
	rn.except_id = except_id;
	rn.prio = prio;
	rn.text = text;
	for (bit = ROLE_ANGGOTA; bit <= ROLE_PENGAWAS; bit <<= 1)
		if ((roles & bit) &&
		    member_foreach_role(ctx->db, (enum role)bit, notify_one, &rn) == -1)
			return -1;
	return 0;
}
