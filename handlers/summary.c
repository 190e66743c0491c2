/*
 * The treasurer's daily summary (SPEC §1): what moved through the cash
 * box today and what it holds now, to every bendahara, once a day.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "handlers/handlers.h"

static const struct {
	const char	*kind;
	const char	*words;
	const char	*brief;		/* when the words would need a second SMS */
} kinds[] = {
	{ "setoran", "setoran", "setor" },
	{ "penarikan", "penarikan", "tarik" },
	{ "pencairan", "pinjaman cair", "cair" },
	{ "angsuran", "angsuran", "angsur" },
	{ "pembalikan", "koreksi", "koreksi" },
};

/* The summary text, in full words or briefly. */
static void
summary_text(const struct day_total *t, int n, const char *day, int64_t kas,
    int brief, char *text, size_t len)
{
	char rp[32];
	size_t o, j;
	int i, k;

	o = (size_t)snprintf(text, len, "%s %s:", brief ? "Rekap" : "Ringkasan",
	    day);
	for (k = 0, i = 0; i < n; i++)
		for (j = 0; j < sizeof(kinds) / sizeof(kinds[0]); j++)
			if (strcmp(t[i].kind, kinds[j].kind) == 0 && o < len)
				o += (size_t)snprintf(text + o, len - o,
				    "%s %s %lldx %s", k++ ? "," : "",
				    brief ? kinds[j].brief : kinds[j].words,
				    (long long)t[i].count, fmt_rp(t[i].amount, rp,
				    sizeof(rp)));
	if (k == 0 && o < len)
		o += (size_t)snprintf(text + o, len - o, " tidak ada transaksi");
	if (o < len)
		snprintf(text + o, len - o, ". Kas %s.", fmt_rp(kas, rp, sizeof(rp)));
}

static time_t
midnight(time_t t)
{
	struct tm tm;

	localtime_r(&t, &tm);
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

int
summary_run(const struct handlers_env *env)
{
	struct day_total t[8];
	struct hctx ctx;
	char text[400], day[24];
	int64_t kas_id, kas;
	int n, rc;

	hctx_from_env(env, &ctx);
	/* Remembered in the database, so a restart does not send it again. */
	if ((rc = notice_once_per_day(env->db, "*", "ringkasan", ctx.today)) != 0)
		return rc == 1 ? 0 : -1;
	if ((n = journal_day_totals(env->db, midnight(env->now),
	    midnight(env->now) + 86400, t, 8)) == -1 ||
	    account_id(env->db, "kas", 0, &kas_id) != 1 ||
	    account_balance(env->db, kas_id, &kas) != 1)
		return -1;
	date_human(ctx.today, day, sizeof(day));
	summary_text(t, n, day, kas, 0, text, sizeof(text));
	/* 164 characters must not cost a second SMS: the short words then. */
	if (sms_parts(text) > 1)
		summary_text(t, n, day, kas, 1, text, sizeof(text));
	return notify_roles(&ctx, ROLE_BENDAHARA, 0, PRIO_ALERT, "%s", text);
}
