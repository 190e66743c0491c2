/*
 * The groups of the config file for the daemon's own upkeep: retrying the
 * outbox, the log's level, the nightly backup, and the cooperative's time
 * zone that every day and deadline is counted in.
 */
#include "gateway/config_read.h"

const struct config_key config_outbox_keys[] = {
	CONFIG_KEY_INT("max_tries", struct config, outbox_max_tries, 1, 100),
	CONFIG_KEY_INT("retry_seconds", struct config, outbox_retry_seconds, 1,
	    86400),
	CONFIG_KEYS_END
};

static int
check_level(struct reader *r, const config_setting_t *s, void *base)
{
	(void)base;
	if (log_level_parse(config_setting_get_string(s)) == -1)
		return config_bad(r, s, "log.level must be error, warning, info or"
		    " debug");
	return 0;
}

const struct config_key config_log_keys[] = {
	CONFIG_KEY_TEXT("level", struct config, log_level, check_level),
	CONFIG_KEYS_END
};

static int
check_backup_time(struct reader *r, const config_setting_t *s, void *base)
{
	(void)base;
	if (!config_hhmm(config_setting_get_string(s)))
		return config_bad(r, s, "backup.time must be HH:MM, as \"02:00\"");
	return 0;
}

static const struct config_key backup_keys[] = {
	CONFIG_KEY_TEXT("dir", struct backup_conf, dir, NULL),
	CONFIG_KEY_TEXT("time", struct backup_conf, time, check_backup_time),
	CONFIG_KEY_INT("keep", struct backup_conf, keep, 1, 1000),
	CONFIG_KEYS_END
};

int
config_read_backup(struct reader *r, const config_setting_t *g, struct config *c)
{
	if (config_read_group(r, g, backup_keys, &c->backup) == -1)
		return -1;
	if (c->backup.dir[0] == '\0')
		return config_bad(r, g, "backup needs a dir, as dir = \"var/backup\"");
	return 0;
}

/* The zone is one the gateway knows (gateway/tz.c); base is the config. */
int
config_check_timezone(struct reader *r, const config_setting_t *s, void *base)
{
	struct config *c = base;

	if (!tz_known(c->timezone))
		return config_bad(r, s, "timezone must be \"Asia/Jakarta\" (WIB),"
		    " \"Asia/Pontianak\", \"Asia/Makassar\" (WITA) or"
		    " \"Asia/Jayapura\" (WIT)");
	c->timezone_set = 1;
	return 0;
}
