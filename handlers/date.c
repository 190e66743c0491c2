/*
 * Calendar days as the village office sees them: local time, and months
 * that keep the disbursement day, clamped to the month's last day
 * (a loan paid out on 31 January falls due on 28 or 29 February).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "handlers/handlers.h"

static const char *const month_names[] = {
	"Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt",
	"Nov", "Des"
};

void
date_of(time_t t, char out[11])
{
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static int
date_split(const char *ymd, int *y, int *m, int *d)
{
	char tail;

	if (sscanf(ymd, "%4d-%2d-%2d%c", y, m, d, &tail) != 3 ||
	    *m < 1 || *m > 12 || *d < 1 || *d > 31)
		return -1;
	return 0;
}

static int
month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

int
date_add_months(const char *ymd, int months, int day, char out[11])
{
	int y, m, d, total;

	if (date_split(ymd, &y, &m, &d) == -1)
		return -1;
	if (day <= 0)
		day = d;
	total = y * 12 + (m - 1) + months;
	y = total / 12;
	m = total % 12 + 1;
	d = day > month_days(y, m) ? month_days(y, m) : day;
	if (y < 1 || y > 9999)
		return -1;
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u,
	    (unsigned)m % 100u, (unsigned)d % 100u);
	return 0;
}

/* Days since 1970-01-01 by the civil calendar, free of time zones. */
static long
days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int
date_days_between(const char *from, const char *to)
{
	int y1, m1, d1, y2, m2, d2;

	if (date_split(from, &y1, &m1, &d1) == -1 ||
	    date_split(to, &y2, &m2, &d2) == -1)
		return 0;
	return (int)(days_from_civil(y2, m2, d2) - days_from_civil(y1, m1, d1));
}

void
date_human(const char *ymd, char *out, size_t len)
{
	int y, m, d;

	if (date_split(ymd, &y, &m, &d) == -1) {
		snprintf(out, len, "%s", ymd);
		return;
	}
	snprintf(out, len, "%d %s %d", d, month_names[m - 1], y);
}
