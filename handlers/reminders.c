/*
 * Instalment reminders (SPEC §4): a number of days before each due date,
 * on the day, and every day while overdue; never twice in one day.
 */
#include <stdio.h>
#include <string.h>

#include "handlers/handlers.h"

static int
remind_one(const struct instalment *in, int64_t member_id, const char *code,
    void *arg)
{
	struct hctx *ctx = arg;
	struct member m;
	char a[32], due[24];
	int64_t owed;
	int days = date_days_between(ctx->today, in->due_on), rc;

	if (member_by_id(ctx->db, member_id, &m) != 1)
		return -1;
	owed = in->principal - in->paid_principal + in->interest -
	    in->paid_interest + instalment_penalty(in, ctx->today,
	    ctx->rules->loan_penalty_bp_day);
	fmt_rp(owed, a, sizeof(a));
	date_human(in->due_on, due, sizeof(due));
	if (days > 0)
		rc = notify(ctx, m.phone, PRIO_REMINDER, "Pengingat: angsuran"
		    " ke-%d pinjaman %s %s jatuh tempo %s.", in->seq, code, a, due);
	else if (days == 0)
		rc = notify(ctx, m.phone, PRIO_REMINDER, "Hari ini jatuh tempo"
		    " angsuran ke-%d pinjaman %s: %s.", in->seq, code, a);
	else
		rc = notify(ctx, m.phone, PRIO_REMINDER, "Angsuran ke-%d pinjaman"
		    " %s terlambat %d hari: %s termasuk denda. Mohon segera"
		    " dibayar.", in->seq, code, -days, a);
	if (rc == -1)
		return -1;
	return instalment_set_reminded(ctx->db, in->id, ctx->today);
}

int
reminders_run(const struct handlers_env *env)
{
	struct hctx ctx;
	char ahead[11];

	hctx_from_env(env, &ctx);
	/* `ahead` is today plus the configured days. */
	date_of(env->now + (time_t)env->rules->reminder_days_before * 86400, ahead);
	if (instalment_reminders(env->db, ctx.today, ahead, remind_one, &ctx) == -1)
		return -1;
	return wajib_reminders_run(&ctx);
}
