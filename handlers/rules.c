/* The rules a cooperative starts with (SPEC §8), before its config speaks. */
#include <stdio.h>
#include <string.h>

#include "handlers/handlers.h"

void
rules_default(struct rules *r)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->cooperative, sizeof(r->cooperative),
	    "Koperasi Desa Merah Putih Contoh");
	r->loan_rate_bp_month = 150;
	r->loan_min_months = 1;
	r->loan_max_months = 24;
	r->loan_max_multiple = 3;
	r->loan_max_amount = 10000000;
	r->loan_penalty_bp_day = 10;
	r->reminder_days_before = 3;
	r->pin_max_tries = 3;
	r->rate_messages = 10;
	r->rate_per_seconds = 600;
	r->alert_per_deposit = 1;
	r->alert_per_withdrawal = 1;
	r->alert_per_repayment = 1;
	r->alert_per_pin_lock = 1;
	r->alert_per_reversal = 1;
	r->wajib_amount = 0;
	r->wajib_due_day = 10;
}
