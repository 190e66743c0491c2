/*
 * The arithmetic of a loan (SPEC §4), with no I/O: flat monthly interest
 * on the principal, equal instalments, the rounding remainder in the last
 * one, due on the disbursement day of each following month, and a late
 * penalty per day on an overdue instalment.
 */
#include <string.h>

#include "handlers/handlers.h"

/*
 * principal <= 1e12 and rate_bp * months <= 10000 * 120, so the product
 * could pass INT64_MAX; split the principal to keep every step in range.
 */
static int64_t
flat_interest(int64_t principal, int rate_bp, int months)
{
	int64_t bp_total = (int64_t)rate_bp * months;
	int64_t hi = principal / 10000, lo = principal % 10000;

	return hi * bp_total + lo * bp_total / 10000;
}

int
loan_schedule(int64_t principal, int months, int rate_bp,
    const char *disbursed_on, struct instalment *out)
{
	int64_t interest, p_each, i_each;
	int k, day;

	if (principal <= 0 || months <= 0 || rate_bp < 0)
		return -1;
	interest = flat_interest(principal, rate_bp, months);
	p_each = principal / months;
	i_each = interest / months;
	day = (disbursed_on[8] - '0') * 10 + (disbursed_on[9] - '0');
	for (k = 0; k < months; k++) {
		memset(&out[k], 0, sizeof(out[k]));
		out[k].seq = k + 1;
		out[k].principal = p_each;
		out[k].interest = i_each;
		if (date_add_months(disbursed_on, k + 1, day, out[k].due_on) == -1)
			return -1;
	}
	out[months - 1].principal += principal - p_each * months;
	out[months - 1].interest += interest - i_each * months;
	return 0;
}

int64_t
instalment_penalty(const struct instalment *in, const char *today,
    int penalty_bp_day)
{
	int64_t due = in->principal + in->interest, owed;
	int days;

	if (in->paid_principal >= in->principal && in->paid_interest >= in->interest)
		return 0;
	if ((days = date_days_between(in->due_on, today)) <= 0)
		return 0;
	owed = due / 10000 * penalty_bp_day * days +
	    due % 10000 * penalty_bp_day * days / 10000 - in->paid_penalty;
	return owed > 0 ? owed : 0;
}
