/*
 * The groups of the config file that the handlers obey: loans and their
 * quality classes, PIN tries, the rate limit, alerts and simpanan wajib.
 * Each key's range is here, beside the field it fills.
 */
#include "gateway/config_read.h"

static const struct config_key loan_keys[] = {
	CONFIG_KEY_INT("rate_bp_month", struct rules, loan_rate_bp_month, 0, 10000),
	CONFIG_KEY_INT("min_months", struct rules, loan_min_months, 1, 120),
	CONFIG_KEY_INT("max_months", struct rules, loan_max_months, 1, 120),
	CONFIG_KEY_INT("max_multiple_of_savings", struct rules, loan_max_multiple,
	    1, 1000),
	CONFIG_KEY_INT64("max_amount", struct rules, loan_max_amount, 1,
	    CONFIG_AMOUNT_LIMIT),
	CONFIG_KEY_INT("penalty_bp_day", struct rules, loan_penalty_bp_day, 0,
	    10000),
	CONFIG_KEY_INT("reminder_days_before", struct rules, reminder_days_before,
	    0, 60),
	CONFIG_KEYS_END
};

int
config_read_loan(struct reader *r, const config_setting_t *g, struct config *c)
{
	if (config_read_group(r, g, loan_keys, &c->rules) == -1)
		return -1;
	if (c->rules.loan_min_months > c->rules.loan_max_months)
		return config_bad(r, g, "loan.min_months must not exceed"
		    " loan.max_months");
	return 0;
}

/* The five classes of loan quality, by days past due. */
static const struct config_key kol_keys[] = {
	CONFIG_KEY_INT("dalam_perhatian_khusus", struct config, kol_from_days[0],
	    1, 100000),
	CONFIG_KEY_INT("kurang_lancar", struct config, kol_from_days[1], 1, 100000),
	CONFIG_KEY_INT("diragukan", struct config, kol_from_days[2], 1, 100000),
	CONFIG_KEY_INT("macet", struct config, kol_from_days[3], 1, 100000),
	CONFIG_KEYS_END
};

int
config_read_kolektibilitas(struct reader *r, const config_setting_t *g,
    struct config *c)
{
	int k;

	if (config_read_group(r, g, kol_keys, c) == -1)
		return -1;
	for (k = 1; k < 4; k++)
		if (c->kol_from_days[k] <= c->kol_from_days[k - 1])
			return config_bad(r, g, "kolektibilitas: each class must"
			    " start later than the one before (%s after %s)",
			    kol_keys[k].name, kol_keys[k - 1].name);
	return 0;
}

const struct config_key config_pin_keys[] = {
	CONFIG_KEY_INT("max_tries", struct config, rules.pin_max_tries, 1, 10),
	CONFIG_KEYS_END
};

const struct config_key config_rate_limit_keys[] = {
	CONFIG_KEY_INT("messages", struct config, rules.rate_messages, 1, 100000),
	CONFIG_KEY_INT("per_seconds", struct config, rules.rate_per_seconds, 1, 86400),
	CONFIG_KEYS_END
};

static int
check_summary_time(struct reader *r, const config_setting_t *s, void *base)
{
	(void)base;
	if (!config_hhmm(config_setting_get_string(s)))
		return config_bad(r, s, "alerts.summary_time must be HH:MM, as"
		    " \"18:00\"");
	return 0;
}

const struct config_key config_alerts_keys[] = {
	CONFIG_KEY_BOOL("per_deposit", struct config, rules.alert_per_deposit),
	CONFIG_KEY_BOOL("per_withdrawal", struct config, rules.alert_per_withdrawal),
	CONFIG_KEY_BOOL("per_repayment", struct config, rules.alert_per_repayment),
	CONFIG_KEY_BOOL("per_pin_lock", struct config, rules.alert_per_pin_lock),
	CONFIG_KEY_BOOL("per_reversal", struct config, rules.alert_per_reversal),
	CONFIG_KEY_TEXT("summary_time", struct config, summary_time,
	    check_summary_time),
	CONFIG_KEYS_END
};

const struct config_key config_wajib_keys[] = {
	CONFIG_KEY_INT64("amount", struct config, rules.wajib_amount, 0,
	    CONFIG_AMOUNT_LIMIT),
	CONFIG_KEY_INT("due_day", struct config, rules.wajib_due_day, 1, 28),
	CONFIG_KEYS_END
};
