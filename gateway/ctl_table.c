/*
 * Tables for the treasurer's terminal: a header row, columns aligned by
 * what a person sees (UTF-8 characters, not bytes), numbers to the right,
 * and a totals row under a rule; or the same rows as CSV (a header, no
 * totals: a spreadsheet sums for itself), which exports write to a file.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gateway/ctl.h"

static size_t
width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

void
table_init(struct table *t, int csv, const char *columns)
{
	char *p, *col;

	memset(t, 0, sizeof(*t));
	t->csv = csv;
	snprintf(t->spec, sizeof(t->spec), "%s", columns);
	for (p = t->spec; (col = strsep(&p, "|")) != NULL && t->ncols < TABLE_COLS;) {
		if (col[0] == '>') {
			t->right[t->ncols] = 1;
			col++;
		}
		t->head[t->ncols++] = col;
	}
}

static int
add(struct table *t, int total, va_list ap)
{
	char **row;
	const char *s;
	int i;

	if (t->nrows == t->cap) {
		int cap = t->cap ? t->cap * 2 : 32;
		char ***rows = realloc(t->rows, (size_t)cap * sizeof(*rows));
		int *tot = realloc(t->total, (size_t)cap * sizeof(*tot));

		if (rows != NULL)
			t->rows = rows;
		if (tot != NULL)
			t->total = tot;
		if (rows == NULL || tot == NULL)
			return -1;
		t->cap = cap;
	}
	if ((row = calloc((size_t)t->ncols, sizeof(*row))) == NULL)
		return -1;
	for (i = 0; i < t->ncols; i++) {
		s = va_arg(ap, const char *);
		if ((row[i] = strdup(s ? s : "")) == NULL)
			return -1;
	}
	t->total[t->nrows] = total;
	t->rows[t->nrows++] = row;
	return 0;
}

int
table_row(struct table *t, ...)
{
	va_list ap;
	int rc;

	va_start(ap, t);
	rc = add(t, 0, ap);
	va_end(ap);
	return rc;
}

int
table_total(struct table *t, ...)
{
	va_list ap;
	int rc;

	if (t->csv)
		return 0;
	va_start(ap, t);
	rc = add(t, 1, ap);
	va_end(ap);
	return rc;
}

static void
csv_cell(FILE *fp, const char *s, int last)
{
	if (strpbrk(s, ",\"\n\r") != NULL) {
		fputc('"', fp);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', fp);
			fputc(*s, fp);
		}
		fputc('"', fp);
	} else
		fputs(s, fp);
	fputc(last ? '\n' : ',', fp);
}

/* One line, padded, with no spaces left at its end. */
static void
line(FILE *fp, char **cells, const struct table *t, const size_t *w)
{
	size_t len = 0, pad, cap = 64, n;
	char *buf = malloc(cap), *nb;
	int i;

	if (buf == NULL)
		return;
	for (i = 0; i < t->ncols; i++) {
		pad = w[i] - width(cells[i]);
		n = strlen(cells[i]) + pad + 2;
		if (len + n + 1 > cap) {
			cap = (len + n + 1) * 2;
			if ((nb = realloc(buf, cap)) == NULL) {
				free(buf);
				return;
			}
			buf = nb;
		}
		if (t->right[i])
			len += (size_t)sprintf(buf + len, "%*s%s", (int)pad, "", cells[i]);
		else
			len += (size_t)sprintf(buf + len, "%s%*s", cells[i], (int)pad, "");
		len += (size_t)sprintf(buf + len, "  ");
	}
	while (len > 0 && buf[len - 1] == ' ')
		len--;
	buf[len] = '\0';
	fprintf(fp, "%s\n", buf);
	free(buf);
}

void
table_print(struct table *t, FILE *fp)
{
	size_t w[TABLE_COLS] = { 0 }, all = 0;
	int i, r;

	if (t->csv) {
		for (i = 0; i < t->ncols; i++)
			csv_cell(fp, t->head[i], i == t->ncols - 1);
		for (r = 0; r < t->nrows; r++)
			for (i = 0; i < t->ncols; i++)
				csv_cell(fp, t->rows[r][i], i == t->ncols - 1);
		return;
	}
	for (i = 0; i < t->ncols; i++) {
		w[i] = width(t->head[i]);
		for (r = 0; r < t->nrows; r++)
			if (width(t->rows[r][i]) > w[i])
				w[i] = width(t->rows[r][i]);
		all += w[i] + (i ? 2 : 0);
	}
	line(fp, (char **)t->head, t, w);
	for (r = 0; r < t->nrows; r++) {
		if (t->total[r] && (r == 0 || !t->total[r - 1])) {
			for (size_t k = 0; k < all; k++)
				fputc('-', fp);
			fputc('\n', fp);
		}
		line(fp, t->rows[r], t, w);
	}
}

void
table_free(struct table *t)
{
	int r, i;

	for (r = 0; r < t->nrows; r++) {
		for (i = 0; i < t->ncols; i++)
			free(t->rows[r][i]);
		free(t->rows[r]);
	}
	free(t->rows);
	free(t->total);
	t->rows = NULL;
	t->total = NULL;
	t->nrows = t->cap = 0;
}

const char *
table_rp(const struct table *t, int64_t rupiah, char *buf, size_t len)
{
	if (t->csv) {
		snprintf(buf, len, "%lld", (long long)rupiah);
		return buf;
	}
	return fmt_rp(rupiah, buf, len);
}

const char *
table_int(int64_t n, char *buf, size_t len)
{
	snprintf(buf, len, "%lld", (long long)n);
	return buf;
}

/* YYYY-MM-DD to the local midnight that starts it; -1 if not a date. */
int
ctl_day_start(const char *ymd, time_t *out)
{
	struct tm tm;
	int y, m, d;
	char tail;

	if (ymd == NULL || strlen(ymd) != 10 ||
	    sscanf(ymd, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
	    m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_isdst = -1;
	if ((*out = mktime(&tm)) == (time_t)-1 || tm.tm_mday != d)
		return -1;
	return 0;
}

/* The local midnight a day after ymd begins. */
int
ctl_day_end(const char *ymd, time_t *out)
{
	char next[11];

	if (ctl_day_start(ymd, out) == -1)
		return -1;
	date_of(*out + 36 * 3600, next);
	return ctl_day_start(next, out);
}
