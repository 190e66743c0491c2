/*
 * The cooperative's time zone.  Due dates, "today" and the hour of the
 * summary are all local time, so kopdesd and kopdesctl must date things
 * in the same zone whatever the box is set to; the zone is configuration,
 * and the database remembers the one its dates were written in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gateway/gateway.h"

/* Indonesia's three zones; Pontianak keeps WIB in West Kalimantan. */
static const char *const zones[] = {
	"Asia/Jakarta", "Asia/Pontianak", "Asia/Makassar", "Asia/Jayapura",
};

int
tz_known(const char *zone)
{
	size_t i;

	for (i = 0; i < sizeof(zones) / sizeof(zones[0]); i++)
		if (strcmp(zone, zones[i]) == 0)
			return 1;
	return 0;
}

/* Without its file the C library would quietly keep UTC. */
static int
tz_installed(const char *zone)
{
	const char *dir = getenv("TZDIR");
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir && *dir ? dir :
	    "/usr/share/zoneinfo", zone);
	return access(path, R_OK) == 0;
}

void
tz_apply(const char *zone)
{
	/* localtime_r need not read TZ again by itself: tzset makes it. */
	setenv("TZ", zone, 1);
	tzset();
}

enum tz_result
tz_settle(struct db *db, struct config *cfg, const char *change_to, char *err,
    size_t errlen)
{
	char stored[sizeof(cfg->timezone)];
	const char *zone;
	int rc;

	if ((rc = setting_get(db, "timezone", stored, sizeof(stored))) == -1) {
		snprintf(err, errlen, "%s: cannot read its time zone", db->path);
		return TZ_REFUSED;
	}
	if (change_to != NULL) {
		if (!tz_known(change_to)) {
			snprintf(err, errlen, "timezone must be \"Asia/Jakarta\","
			    " \"Asia/Pontianak\", \"Asia/Makassar\" or"
			    " \"Asia/Jayapura\"");
			return TZ_REFUSED;
		}
		if (cfg->timezone_set && strcmp(cfg->timezone, change_to) != 0) {
			snprintf(err, errlen, "%s sets timezone = \"%s\"; change it"
			    " there to \"%s\" as well", cfg->path, cfg->timezone,
			    change_to);
			return TZ_REFUSED;
		}
		zone = change_to;
	} else if (rc == 0)
		zone = cfg->timezone;
	else if (cfg->timezone_set && strcmp(cfg->timezone, stored) != 0) {
		snprintf(err, errlen, "%s is dated in %s but %s sets timezone ="
		    " \"%s\"; set timezone = \"%s\" again, or change the"
		    " database's zone on purpose with `kopdesctl init --timezone"
		    " %s`", db->path, stored, cfg->path, cfg->timezone, stored,
		    cfg->timezone);
		return TZ_REFUSED;
	} else if (!tz_known(stored)) {
		snprintf(err, errlen, "%s is dated in an unknown zone \"%s\"",
		    db->path, stored);
		return TZ_REFUSED;
	} else
		zone = stored;
	if ((rc == 0 || strcmp(zone, stored) != 0) &&
	    setting_set(db, "timezone", zone) == -1) {
		snprintf(err, errlen, "%s: cannot record its time zone", db->path);
		return TZ_REFUSED;
	}
	if (!tz_installed(zone)) {
		snprintf(err, errlen, "no time zone data for %s (install the"
		    " tzdata package)", zone);
		return TZ_REFUSED;
	}
	if (zone != cfg->timezone)
		snprintf(cfg->timezone, sizeof(cfg->timezone), "%s", zone);
	tz_apply(cfg->timezone);
	return TZ_OK;
}
