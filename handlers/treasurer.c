/*
 * The bendahara is told of every movement of cash, whoever recorded it:
 * she answers for the cash box.  Each kind of alert can be left to the
 * daily summary in the config (alerts.per_withdrawal, per_repayment,
 * per_pin_lock).  The officer who did it has her receipt and the member
 * her own SMS, so neither hears it twice.
 */
#include <stdarg.h>
#include <stdio.h>

#include "handlers/handlers.h"

struct treasurer_note {
	struct hctx	*ctx;
	int64_t		 member_id;
	const char	*text;
};

static int
note_one(const struct member *b, void *arg)
{
	struct treasurer_note *tn = arg;

	if (b->id == tn->ctx->me.id || b->id == tn->member_id)
		return 0;
	return notify(tn->ctx, b->phone, PRIO_ALERT, "%s", tn->text);
}

int
tell_treasurer(struct hctx *ctx, int enabled, int64_t member_id,
    const char *fmt, ...)
{
	struct treasurer_note tn;
	char text[400];
	va_list ap;
	int n;

	if (!enabled)
		return 0;
	va_start(ap, fmt);
	n = vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(text))
		return -1;
	tn.ctx = ctx;
	tn.member_id = member_id;
	tn.text = text;
	return member_foreach_role(ctx->db, ROLE_BENDAHARA, note_one, &tn);
}

const char *
officer_words(const struct hctx *ctx, char *buf, size_t len)
{
	char name[24];

	if (!ctx->registered)
		snprintf(buf, len, "pengurus");
	else
		snprintf(buf, len, "%s %s", role_name(ctx->me.role),
		    member_short_name(ctx->me.name, name, sizeof(name)));
	return buf;
}
