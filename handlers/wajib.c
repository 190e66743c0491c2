/*
 * Simpanan wajib is an obligation, not a kind of deposit: a monthly amount
 * due on a day of the month (wajib = { amount; due_day; } in the config),
 * from the month she joined.  What she has paid is her wajib balance, so
 * a deposit of three months at once counts for three.  SALDO and TAGIHAN
 * name the months unpaid, and a reminder goes before and on the due day.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "handlers/handlers.h"

/* Due dates from the joining day through today. */
static int
months_due(time_t joined, const char *today, int due_day)
{
	struct tm j;
	int ty, tm_, td, n;

	localtime_r(&joined, &j);
	if (sscanf(today, "%d-%d-%d", &ty, &tm_, &td) != 3)
		return 0;
	n = (ty - (j.tm_year + 1900)) * 12 + (tm_ - (j.tm_mon + 1)) + 1;
	if (j.tm_mday > due_day)
		n--;		/* joined after that month's due day */
	if (td < due_day)
		n--;		/* this month's is not due yet */
	return n > 0 ? n : 0;
}

int
wajib_standing(struct db *db, const struct rules *r, int64_t member_id,
    const char *today, struct wajib_due *w)
{
	time_t joined;
	int64_t paid;

	memset(w, 0, sizeof(*w));
	if (r->wajib_amount <= 0)
		return 0;
	if (member_joined_at(db, member_id, &joined) != 1 ||
	    member_balance(db, member_id, "simpanan_wajib", &paid) == -1)
		return -1;
	w->months_due = months_due(joined, today, r->wajib_due_day);
	w->unpaid = (int64_t)w->months_due * r->wajib_amount - paid;
	if (w->unpaid < 0)
		w->unpaid = 0;
	w->months_unpaid = (int)((w->unpaid + r->wajib_amount - 1) / r->wajib_amount);
	return 0;
}

const char *
wajib_text(const struct wajib_due *w, char *buf, size_t len)
{
	char rp[32];

	if (w->months_unpaid == 0)
		snprintf(buf, len, "%s", "");
	else
		snprintf(buf, len, " Wajib belum dibayar %d bln, %s.",
		    w->months_unpaid, fmt_rp(w->unpaid, rp, sizeof(rp)));
	return buf;
}

struct wajib_run {
	struct hctx	*ctx;
	char		 due_on[11];	/* this month's due date */
	int		 days;		/* from today to it */
};

static int
remind_wajib(const struct member *m, void *arg)
{
	struct wajib_run *wr = arg;
	struct hctx *ctx = wr->ctx;
	struct wajib_due w;
	char rp[32], due[24];
	int rc;

	/* Standing as of the due day: this month's amount counts already. */
	if (wajib_standing(ctx->db, ctx->rules, m->id, wr->due_on, &w) == -1)
		return -1;
	if (w.months_unpaid == 0)
		return 0;
	if ((rc = notice_once_per_day(ctx->db, m->phone, "wajib", ctx->today)) != 0)
		return rc == 1 ? 0 : -1;
	date_human(wr->due_on, due, sizeof(due));
	fmt_rp(w.unpaid, rp, sizeof(rp));
	if (wr->days > 0)
		return notify(ctx, m->phone, PRIO_REMINDER, "Pengingat: simpanan"
		    " wajib %s (%d bln) jatuh tempo %s. Setor ke kasir koperasi.",
		    rp, w.months_unpaid, due);
	return notify(ctx, m->phone, PRIO_REMINDER, "Hari ini jatuh tempo simpanan"
	    " wajib: %s (%d bln) belum dibayar. Setor ke kasir koperasi.", rp,
	    w.months_unpaid);
}

int
wajib_reminders_run(struct hctx *ctx)
{
	struct wajib_run wr;
	int y, m, d;

	if (ctx->rules->wajib_amount <= 0 ||
	    sscanf(ctx->today, "%d-%d-%d", &y, &m, &d) != 3)
		return 0;
	snprintf(wr.due_on, sizeof(wr.due_on), "%04d-%02d-%02d", y, m,
	    ctx->rules->wajib_due_day);
	wr.days = date_days_between(ctx->today, wr.due_on);
	/* Only on the day itself and the configured days before it. */
	if (wr.days != 0 && wr.days != ctx->rules->reminder_days_before)
		return 0;
	wr.ctx = ctx;
	return member_foreach(ctx->db, remind_wajib, &wr);
}
