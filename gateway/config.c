/*
 * The config file (SPEC §8), read with libconfig over the defaults.  A
 * typo must not pass silently in a village office with no one to read
 * logs, so unknown keys are errors, and every error names the file, the
 * line and what was expected.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libconfig.h>

#include "gateway/config_widen.h"
#include "gateway/gateway.h"
#include "modem/modem.h"

#define AMOUNT_LIMIT 1000000000000LL
#define FILE_LIMIT (1024 * 1024)	/* far above any real config file */

struct reader {
	const char	*path;
	char		*err;
	size_t		 errlen;
	int		 failed;
	int		 no_modems_line;	/* modems = ( ); was here */
};

static int
bad(struct reader *r, const config_setting_t *s, const char *fmt, ...)
{
	char what[256];
	va_list ap;

	if (r->failed)
		return -1;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	snprintf(r->err, r->errlen, "%s:%d: %s", r->path,
	    s ? config_setting_source_line(s) : 0, what);
	r->failed = 1;
	return -1;
}

static const char *
full_name(const config_setting_t *s, char *buf, size_t len)
{
	const config_setting_t *parent = config_setting_parent(s);
	const char *name = config_setting_name(s);

	if (parent == NULL || config_setting_is_root(parent) || name == NULL) {
		snprintf(buf, len, "%s", name ? name : "?");
		return buf;
	}
	if (config_setting_name(parent) == NULL)	/* inside a list */
		snprintf(buf, len, "modems[%d].%s", config_setting_index(parent),
		    name);
	else
		snprintf(buf, len, "%s.%s", config_setting_name(parent), name);
	return buf;
}

static int
get_int(struct reader *r, const config_setting_t *s, long long lo,
    long long hi, long long *out)
{
	char name[96];
	int type = config_setting_type(s);

	if (type != CONFIG_TYPE_INT && type != CONFIG_TYPE_INT64)
		return bad(r, s, "%s must be a whole number between %lld and %lld",
		    full_name(s, name, sizeof(name)), lo, hi);
	*out = config_setting_get_int64(s);
	if (*out < lo || *out > hi)
		return bad(r, s, "%s must be between %lld and %lld",
		    full_name(s, name, sizeof(name)), lo, hi);
	return 0;
}

static int
set_int(struct reader *r, const config_setting_t *s, long long lo, long long hi,
    int *dst)
{
	long long v;

	if (get_int(r, s, lo, hi, &v) == -1)
		return -1;
	*dst = (int)v;
	return 0;
}

static int
set_string(struct reader *r, const config_setting_t *s, char *dst, size_t len,
    int allow_empty)
{
	char name[96];
	const char *v;

	if (config_setting_type(s) != CONFIG_TYPE_STRING)
		return bad(r, s, "%s must be a string in double quotes",
		    full_name(s, name, sizeof(name)));
	v = config_setting_get_string(s);
	if (!allow_empty && v[0] == '\0')
		return bad(r, s, "%s must not be empty",
		    full_name(s, name, sizeof(name)));
	if (strlen(v) >= len)
		return bad(r, s, "%s is too long (at most %zu characters)",
		    full_name(s, name, sizeof(name)), len - 1);
	memcpy(dst, v, strlen(v) + 1);
	return 0;
}

static int
set_bool(struct reader *r, const config_setting_t *s, int *dst)
{
	char name[96];

	if (config_setting_type(s) != CONFIG_TYPE_BOOL)
		return bad(r, s, "%s must be true or false",
		    full_name(s, name, sizeof(name)));
	*dst = config_setting_get_bool(s);
	return 0;
}

static int
want_group(struct reader *r, const config_setting_t *s)
{
	char name[96];

	if (config_setting_type(s) != CONFIG_TYPE_GROUP)
		return bad(r, s, "%s must be a group: %s = { ... };",
		    full_name(s, name, sizeof(name)), config_setting_name(s));
	return 0;
}

static int
unknown(struct reader *r, const config_setting_t *s)
{
	char name[96];

	return bad(r, s, "unknown key \"%s\"", full_name(s, name, sizeof(name)));
}

static int
read_loan(struct reader *r, const config_setting_t *g, struct rules *ru)
{
	config_setting_t *s;
	long long v;
	int i;

	if (want_group(r, g) == -1)
		return -1;
	for (i = 0; (s = config_setting_get_elem(g, (unsigned)i)) != NULL; i++) {
		const char *k = config_setting_name(s);

		if (strcmp(k, "rate_bp_month") == 0)
			set_int(r, s, 0, 10000, &ru->loan_rate_bp_month);
		else if (strcmp(k, "min_months") == 0)
			set_int(r, s, 1, 120, &ru->loan_min_months);
		else if (strcmp(k, "max_months") == 0)
			set_int(r, s, 1, 120, &ru->loan_max_months);
		else if (strcmp(k, "max_multiple_of_savings") == 0)
			set_int(r, s, 1, 1000, &ru->loan_max_multiple);
		else if (strcmp(k, "max_amount") == 0) {
			if (get_int(r, s, 1, AMOUNT_LIMIT, &v) == 0)
				ru->loan_max_amount = v;
		} else if (strcmp(k, "penalty_bp_day") == 0)
			set_int(r, s, 0, 10000, &ru->loan_penalty_bp_day);
		else if (strcmp(k, "reminder_days_before") == 0)
			set_int(r, s, 0, 60, &ru->reminder_days_before);
		else
			unknown(r, s);
		if (r->failed)
			return -1;
	}
	if (ru->loan_min_months > ru->loan_max_months)
		return bad(r, g, "loan.min_months must not exceed loan.max_months");
	return 0;
}

/* The five classes of loan quality, by days past due. */
static int
read_kolektibilitas(struct reader *r, const config_setting_t *g, struct config *c)
{
	static const char *const keys[4] = { "dalam_perhatian_khusus",
	    "kurang_lancar", "diragukan", "macet" };
	config_setting_t *s;
	int i, k;

	if (want_group(r, g) == -1)
		return -1;
	for (i = 0; (s = config_setting_get_elem(g, (unsigned)i)) != NULL; i++) {
		for (k = 0; k < 4; k++)
			if (strcmp(config_setting_name(s), keys[k]) == 0)
				break;
		if (k == 4)
			unknown(r, s);
		else
			set_int(r, s, 1, 100000, &c->kol_from_days[k]);
		if (r->failed)
			return -1;
	}
	for (k = 1; k < 4; k++)
		if (c->kol_from_days[k] <= c->kol_from_days[k - 1])
			return bad(r, g, "kolektibilitas: each class must start later"
			    " than the one before (%s after %s)", keys[k], keys[k - 1]);
	return 0;
}

/*
 * The keys of the HTTP listener and of USSD beyond the listen address,
 * port, secret and service code: 1 when k is one of them (read, or
 * r->failed set), 0 when it is not.
 */
static int
read_channel_key(struct reader *r, const char *group, const char *k,
    const config_setting_t *s, struct config *c)
{
	if (strcmp(group, "http") == 0 && strcmp(k, "timeout_seconds") == 0)
		set_int(r, s, 1, 300, &c->http_timeout_seconds);
	else if (strcmp(group, "ussd") == 0 && strcmp(k, "last_input_only") == 0)
		set_bool(r, s, &c->ussd_last_input_only);
	else if (strcmp(group, "ussd") == 0 && strcmp(k, "session_seconds") == 0)
		set_int(r, s, 10, 3600, &c->ussd_session_seconds);
	else
		return 0;
	return 1;
}

static int
read_kannel(struct reader *r, const config_setting_t *g, struct kannel_conf *k)
{
	config_setting_t *s;
	int i;

	if (want_group(r, g) == -1)
		return -1;
	k->enabled = 1;
	for (i = 0; (s = config_setting_get_elem(g, (unsigned)i)) != NULL; i++) {
		const char *n = config_setting_name(s);

		if (strcmp(n, "sendsms_url") == 0)
			set_string(r, s, k->sendsms_url, sizeof(k->sendsms_url), 0);
		else if (strcmp(n, "username") == 0)
			set_string(r, s, k->username, sizeof(k->username), 0);
		else if (strcmp(n, "password") == 0)
			set_string(r, s, k->password, sizeof(k->password), 0);
		else if (strcmp(n, "from") == 0)
			set_string(r, s, k->from, sizeof(k->from), 1);
		else if (strcmp(n, "dlr_url") == 0)
			set_string(r, s, k->dlr_url, sizeof(k->dlr_url), 1);
		else if (strcmp(n, "send_per_second") == 0)
			set_int(r, s, 0, 100000, &k->send_per_second);
		else if (strcmp(n, "max_parts") == 0)
			set_int(r, s, 1, 255, &k->max_parts);
		else
			unknown(r, s);
		if (r->failed)
			return -1;
	}
	if (strncmp(k->sendsms_url, "http://", 7) != 0)
		return bad(r, g, "kannel.sendsms_url must be an http:// URL");
	if (k->username[0] == '\0' || k->password[0] == '\0')
		return bad(r, g, "kannel needs username and password (its"
		    " sendsms-user)");
	return 0;
}

static int
read_group(struct reader *r, const config_setting_t *g, struct config *c)
{
	const char *group = config_setting_name(g);
	config_setting_t *s;
	long long v;
	int i;

	if (want_group(r, g) == -1)
		return -1;
	for (i = 0; (s = config_setting_get_elem(g, (unsigned)i)) != NULL; i++) {
		const char *k = config_setting_name(s);

		if (strcmp(group, "pin") == 0 && strcmp(k, "max_tries") == 0)
			set_int(r, s, 1, 10, &c->rules.pin_max_tries);
		else if (strcmp(group, "rate_limit") == 0 && strcmp(k, "messages") == 0)
			set_int(r, s, 1, 100000, &c->rules.rate_messages);
		else if (strcmp(group, "rate_limit") == 0 && strcmp(k, "per_seconds") == 0)
			set_int(r, s, 1, 86400, &c->rules.rate_per_seconds);
		else if (strcmp(group, "http") == 0 && strcmp(k, "listen") == 0)
			set_string(r, s, c->http_listen, sizeof(c->http_listen), 0);
		else if (strcmp(group, "http") == 0 && strcmp(k, "port") == 0)
			set_int(r, s, 1, 65535, &c->http_port);
		else if (strcmp(group, "http") == 0 && strcmp(k, "secret") == 0)
			set_string(r, s, c->http_secret, sizeof(c->http_secret), 1);
		else if (strcmp(group, "ussd") == 0 && strcmp(k, "service_code") == 0)
			set_string(r, s, c->ussd_service_code,
			    sizeof(c->ussd_service_code), 0);
		else if (strcmp(group, "alerts") == 0 && strcmp(k, "per_deposit") == 0)
			set_bool(r, s, &c->rules.alert_per_deposit);
		else if (strcmp(group, "alerts") == 0 && strcmp(k, "per_withdrawal") == 0)
			set_bool(r, s, &c->rules.alert_per_withdrawal);
		else if (strcmp(group, "alerts") == 0 && strcmp(k, "per_repayment") == 0)
			set_bool(r, s, &c->rules.alert_per_repayment);
		else if (strcmp(group, "alerts") == 0 && strcmp(k, "per_pin_lock") == 0)
			set_bool(r, s, &c->rules.alert_per_pin_lock);
		else if (strcmp(group, "alerts") == 0 && strcmp(k, "per_reversal") == 0)
			set_bool(r, s, &c->rules.alert_per_reversal);
		else if (strcmp(group, "wajib") == 0 && strcmp(k, "amount") == 0) {
			if (get_int(r, s, 0, AMOUNT_LIMIT, &v) == 0)
				c->rules.wajib_amount = v;
		} else if (strcmp(group, "wajib") == 0 && strcmp(k, "due_day") == 0)
			set_int(r, s, 1, 28, &c->rules.wajib_due_day);
		else if (strcmp(group, "alerts") == 0 && strcmp(k, "summary_time") == 0) {
			unsigned hh, mm;
			char tail;

			if (set_string(r, s, c->summary_time, sizeof(c->summary_time),
			    0) == 0 && (sscanf(c->summary_time, "%2u:%2u%c", &hh, &mm,
			    &tail) != 2 || hh > 23 || mm > 59 ||
			    strlen(c->summary_time) != 5))
				bad(r, s, "alerts.summary_time must be HH:MM, as \"18:00\"");
		} else if (strcmp(group, "outbox") == 0 && strcmp(k, "max_tries") == 0)
			set_int(r, s, 1, 100, &c->outbox_max_tries);
		else if (strcmp(group, "outbox") == 0 && strcmp(k, "retry_seconds") == 0)
			set_int(r, s, 1, 86400, &c->outbox_retry_seconds);
		else if (strcmp(group, "log") == 0 && strcmp(k, "level") == 0) {
			if (set_string(r, s, c->log_level, sizeof(c->log_level), 0) == 0 &&
			    log_level_parse(c->log_level) == -1)
				bad(r, s, "log.level must be error, warning, info or debug");
		} else if (!read_channel_key(r, group, k, s, c))
			unknown(r, s);
		if (r->failed)
			return -1;
	}
	return 0;
}

static int
read_modem(struct reader *r, const config_setting_t *g, struct modem_conf *m)
{
	config_setting_t *s;
	int i;

	if (config_setting_type(g) != CONFIG_TYPE_GROUP)
		return bad(r, g, "each modem must be a group: { name = \"...\"; ... }");
	memset(m, 0, sizeof(*m));
	snprintf(m->driver, sizeof(m->driver), "gammu");
	m->timeout_seconds = 60;
	for (i = 0; (s = config_setting_get_elem(g, (unsigned)i)) != NULL; i++) {
		const char *k = config_setting_name(s);

		if (strcmp(k, "name") == 0)
			set_string(r, s, m->name, sizeof(m->name), 0);
		else if (strcmp(k, "driver") == 0) {
			if (set_string(r, s, m->driver, sizeof(m->driver), 0) == 0 &&
			    modem_driver_find(m->driver) == NULL)
				bad(r, s, "driver must be \"gammu\"");
		} else if (strcmp(k, "model") == 0)
			set_string(r, s, m->model, sizeof(m->model), 1);
		else if (strcmp(k, "connection") == 0)
			set_string(r, s, m->connection, sizeof(m->connection), 0);
		else if (strcmp(k, "device") == 0)
			set_string(r, s, m->device, sizeof(m->device), 0);
		else if (strcmp(k, "send_per_minute") == 0)
			set_int(r, s, 0, 6000, &m->send_per_minute);
		else if (strcmp(k, "timeout_seconds") == 0)
			set_int(r, s, 1, 3600, &m->timeout_seconds);
		else
			unknown(r, s);
		if (r->failed)
			return -1;
	}
	if (m->name[0] == '\0')
		return bad(r, g, "a modem needs a name");
	if (m->connection[0] == '\0')
		snprintf(m->connection, sizeof(m->connection), "%s",
		    strcmp(m->model, "dummy") == 0 ? "none" : "at");
	if (m->device[0] == '\0')
		return bad(r, g, "modem \"%s\" needs a device (a serial port, or"
		    " the dummy phone's folder)", m->name);
	return 0;
}

static int
read_modems(struct reader *r, const config_setting_t *list, struct config *c)
{
	config_setting_t *s;
	int i, j, n = config_setting_length(list);

	if (config_setting_type(list) != CONFIG_TYPE_LIST)
		return bad(r, list, "modems must be a list: modems = ( { ... } );");
	/* None is allowed when Kannel carries the SMS (checked at the end). */
	if (n > MODEMS_MAX)
		return bad(r, list, "modems must list 1 to %d modems", MODEMS_MAX);
	if (n == 0)
		r->no_modems_line = config_setting_source_line(list);
	for (i = 0; i < n; i++) {
		s = config_setting_get_elem(list, (unsigned)i);
		if (read_modem(r, s, &c->modems[i]) == -1)
			return -1;
		for (j = 0; j < i; j++)
			if (strcmp(c->modems[j].name, c->modems[i].name) == 0)
				return bad(r, s, "modem name \"%s\" is used twice",
				    c->modems[i].name);
	}
	c->nmodems = n;
	return 0;
}

static int
read_timezone(struct reader *r, const config_setting_t *s, struct config *c)
{
	if (set_string(r, s, c->timezone, sizeof(c->timezone), 0) == -1)
		return -1;
	if (!tz_known(c->timezone))
		return bad(r, s, "timezone must be \"Asia/Jakarta\" (WIB),"
		    " \"Asia/Pontianak\", \"Asia/Makassar\" (WITA) or"
		    " \"Asia/Jayapura\" (WIT)");
	c->timezone_set = 1;
	return 0;
}

static int
read_backup(struct reader *r, const config_setting_t *g, struct config *c)
{
	config_setting_t *s;
	unsigned hh, mm;
	char tail;
	int i;

	if (want_group(r, g) == -1)
		return -1;
	for (i = 0; (s = config_setting_get_elem(g, (unsigned)i)) != NULL; i++) {
		const char *k = config_setting_name(s);

		if (strcmp(k, "dir") == 0)
			set_string(r, s, c->backup.dir, sizeof(c->backup.dir), 0);
		else if (strcmp(k, "time") == 0) {
			if (set_string(r, s, c->backup.time, sizeof(c->backup.time),
			    0) == 0 && (sscanf(c->backup.time, "%2u:%2u%c", &hh, &mm,
			    &tail) != 2 || hh > 23 || mm > 59 ||
			    strlen(c->backup.time) != 5))
				bad(r, s, "backup.time must be HH:MM, as \"02:00\"");
		} else if (strcmp(k, "keep") == 0)
			set_int(r, s, 1, 1000, &c->backup.keep);
		else
			unknown(r, s);
		if (r->failed)
			return -1;
	}
	if (c->backup.dir[0] == '\0')
		return bad(r, g, "backup needs a dir, as dir = \"var/backup\"");
	return 0;
}

void
config_default(struct config *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->database, sizeof(c->database), "var/kopdes.db");
	snprintf(c->pin_key_file, sizeof(c->pin_key_file), "var/kopdes.key");
	rules_default(&c->rules);
	snprintf(c->modems[0].name, sizeof(c->modems[0].name), "modem1");
	snprintf(c->modems[0].driver, sizeof(c->modems[0].driver), "gammu");
	snprintf(c->modems[0].model, sizeof(c->modems[0].model), "dummy");
	snprintf(c->modems[0].connection, sizeof(c->modems[0].connection), "none");
	snprintf(c->modems[0].device, sizeof(c->modems[0].device), "var/phone");
	c->modems[0].timeout_seconds = 60;
	c->nmodems = 1;
	snprintf(c->http_listen, sizeof(c->http_listen), "127.0.0.1");
	/* Not 13013: that is Kannel's own port, often on the same machine. */
	c->http_port = 13080;
	c->http_timeout_seconds = 10;
	c->ussd_session_seconds = 180;
	c->kannel.max_parts = 8;
	snprintf(c->ussd_service_code, sizeof(c->ussd_service_code), "*123#");
	snprintf(c->summary_time, sizeof(c->summary_time), "18:00");
	c->outbox_max_tries = 5;
	c->outbox_retry_seconds = 30;
	c->poll_seconds = 2;
	c->status_seconds = 60;
	c->kol_from_days[0] = 1;
	c->kol_from_days[1] = 91;
	c->kol_from_days[2] = 121;
	c->kol_from_days[3] = 181;
	snprintf(c->log_level, sizeof(c->log_level), "info");
	snprintf(c->timezone, sizeof(c->timezone), "Asia/Jakarta");
	snprintf(c->backup.time, sizeof(c->backup.time), "02:00");
	c->backup.keep = 14;
}

/* The whole file, with its integers widened; NULL with err set. */
static char *
read_text(const char *path, char *err, size_t errlen)
{
	char *raw, *wide, *nul, *p;
	size_t n;
	int line = 1;
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return NULL;
	}
	if ((raw = malloc(FILE_LIMIT + 1)) == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		fclose(fp);
		return NULL;
	}
	n = fread(raw, 1, FILE_LIMIT + 1, fp);
	if (ferror(fp) || n > FILE_LIMIT) {
		if (ferror(fp))
			snprintf(err, errlen, "%s: cannot read: %s", path,
			    strerror(errno));
		else
			snprintf(err, errlen, "%s: larger than a config file can"
			    " be", path);
		free(raw);
		fclose(fp);
		return NULL;
	}
	fclose(fp);
	/* libconfig would stop reading there and the rest would pass unseen. */
	if ((nul = memchr(raw, '\0', n)) != NULL) {
		for (p = raw; p < nul; p++)
			line += *p == '\n';
		snprintf(err, errlen, "%s:%d: a NUL byte: not a text file", path,
		    line);
		free(raw);
		return NULL;
	}
	if ((wide = config_widen_ints(raw, n)) == NULL)
		snprintf(err, errlen, "%s: out of memory", path);
	free(raw);
	return wide;
}

int
config_load(const char *path, struct config *c, char *err, size_t errlen)
{
	struct reader r = { path, err, errlen, 0, 0 };
	config_t cf;
	config_setting_t *root, *s;
	char *text;
	int i;

	config_default(c);
	snprintf(c->path, sizeof(c->path), "%s", path);
	if ((text = read_text(path, err, errlen)) == NULL)
		return -1;
	config_init(&cf);
	if (config_read_string(&cf, text) != CONFIG_TRUE) {
		snprintf(err, errlen, "%s:%d: %s", path, config_error_line(&cf),
		    config_error_text(&cf));
		config_destroy(&cf);
		free(text);
		return -1;
	}
	free(text);
	root = config_root_setting(&cf);
	for (i = 0; (s = config_setting_get_elem(root, (unsigned)i)) != NULL; i++) {
		const char *k = config_setting_name(s);

		if (strcmp(k, "cooperative") == 0)
			set_string(&r, s, c->rules.cooperative,
			    sizeof(c->rules.cooperative), 0);
		else if (strcmp(k, "database") == 0)
			set_string(&r, s, c->database, sizeof(c->database), 0);
		else if (strcmp(k, "pin_key_file") == 0)
			set_string(&r, s, c->pin_key_file, sizeof(c->pin_key_file), 0);
		else if (strcmp(k, "modems") == 0)
			read_modems(&r, s, c);
		else if (strcmp(k, "loan") == 0)
			read_loan(&r, s, &c->rules);
		else if (strcmp(k, "kannel") == 0)
			read_kannel(&r, s, &c->kannel);
		else if (strcmp(k, "pin") == 0 || strcmp(k, "rate_limit") == 0 ||
		    strcmp(k, "http") == 0 || strcmp(k, "ussd") == 0 ||
		    strcmp(k, "alerts") == 0 || strcmp(k, "outbox") == 0 ||
		    strcmp(k, "log") == 0 || strcmp(k, "wajib") == 0)
			read_group(&r, s, c);
		else if (strcmp(k, "kolektibilitas") == 0)
			read_kolektibilitas(&r, s, c);
		else if (strcmp(k, "poll_seconds") == 0)
			set_int(&r, s, 1, 3600, &c->poll_seconds);
		else if (strcmp(k, "status_seconds") == 0)
			set_int(&r, s, 5, 86400, &c->status_seconds);
		else if (strcmp(k, "timezone") == 0)
			read_timezone(&r, s, c);
		else if (strcmp(k, "backup") == 0)
			read_backup(&r, s, c);
		else
			unknown(&r, s);
		if (r.failed)
			break;
	}
	config_destroy(&cf);
	if (!r.failed && r.no_modems_line != 0 && !c->kannel.enabled) {
		snprintf(err, errlen, "%s:%d: modems must list 1 to %d modems"
		    " (or configure kannel)", path, r.no_modems_line, MODEMS_MAX);
		return -1;
	}
	/* BANTUAN tells members the USSD code only when something answers it. */
	if (c->http_secret[0] != '\0')
		snprintf(c->rules.ussd_code, sizeof(c->rules.ussd_code), "%s",
		    c->ussd_service_code);
	return r.failed ? -1 : 0;
}
