/*
 * The config file (SPEC §8), read with libconfig over the defaults.  The
 * file's top level is here; each group is read by its own file
 * (gateway/config_read.h), and every error names the file, the line and
 * what was expected.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libconfig.h>

#include "gateway/config_read.h"
#include "gateway/config_widen.h"

#define FILE_LIMIT (1024 * 1024)	/* far above any real config file */

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

static const struct config_key root_keys[] = {
	CONFIG_KEY_TEXT("cooperative", struct config, rules.cooperative, NULL),
	CONFIG_KEY_TEXT("database", struct config, database, NULL),
	CONFIG_KEY_TEXT("pin_key_file", struct config, pin_key_file, NULL),
	CONFIG_KEY_GROUP("modems", config_read_modems),
	CONFIG_KEY_GROUP("loan", config_read_loan),
	CONFIG_KEY_GROUP("kannel", config_read_kannel),
	CONFIG_KEY_SECTION("pin", config_pin_keys),
	CONFIG_KEY_SECTION("rate_limit", config_rate_limit_keys),
	CONFIG_KEY_SECTION("http", config_http_keys),
	CONFIG_KEY_SECTION("ussd", config_ussd_keys),
	CONFIG_KEY_SECTION("alerts", config_alerts_keys),
	CONFIG_KEY_SECTION("outbox", config_outbox_keys),
	CONFIG_KEY_SECTION("log", config_log_keys),
	CONFIG_KEY_SECTION("wajib", config_wajib_keys),
	CONFIG_KEY_GROUP("kolektibilitas", config_read_kolektibilitas),
	CONFIG_KEY_INT("poll_seconds", struct config, poll_seconds, 1, 3600),
	CONFIG_KEY_INT("status_seconds", struct config, status_seconds, 5, 86400),
	CONFIG_KEY_TEXT("timezone", struct config, timezone,
	    config_check_timezone),
	CONFIG_KEY_GROUP("backup", config_read_backup),
	CONFIG_KEYS_END
};

int
config_load(const char *path, struct config *c, char *err, size_t errlen)
{
	struct reader r = { path, err, errlen, 0, 0 };
	config_t cf;
	char *text;

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
	config_read_keys(&r, config_root_setting(&cf), root_keys, c);
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
