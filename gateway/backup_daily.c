/*
 * The nightly backup, taken by the daemon itself.  The copy is made a
 * few hundred pages a tick from the loop, so SMS keep being handled
 * while it runs; a day's backup is remembered in the database, so a
 * restart does not take it twice, and a failed one is tried again an
 * hour later rather than every minute.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <event2/event.h>

#include "gateway/daemon.h"

#define BACKUP_STEP_PAGES	256		/* 1 MiB of 4 KiB pages a tick */
#define BACKUP_RETRY_SECONDS	3600

static void
backup_done(struct daemon *d)
{
	free(d->backup);
	d->backup = NULL;
}

static void
on_backup_step(evutil_socket_t fd, short ev, void *arg)
{
	struct daemon *d = arg;
	struct timeval tick = { 0, 5000 };
	char err[CONFIG_ERR_LEN], day[11];

	(void)fd;
	(void)ev;
	if (d->backup == NULL || d->stopping)
		return;
	switch (backup_step(d->backup, BACKUP_STEP_PAGES, err, sizeof(err))) {
	case BACKUP_MORE:
		evtimer_add(d->ev_backup, &tick);
		return;
	case BACKUP_FAILED:
		log_warnx("backup: %s; trying again in an hour", err);
		break;
	case BACKUP_DONE:
		date_of(d->backup->at, day);
		if (setting_set(&d->db, "backup_day", day) == -1 ||
		    backup_record(&d->db, d->backup->at, d->backup->file) == -1)
			log_warnx("backup: %s made but not recorded", d->backup->file);
		log_info("backup: %s, with its PIN key and checksums",
		    d->backup->file);
		if (backup_prune(d->cfg->backup.dir, d->cfg->backup.keep) == -1)
			log_warn("backup: %s: pruning", d->cfg->backup.dir);
		break;
	}
	backup_done(d);
}

void
backup_daily_check(struct daemon *d)
{
	const struct backup_conf *bc = &d->cfg->backup;
	struct timeval tick = { 0, 0 };
	char err[CONFIG_ERR_LEN], hhmm[6], today[11], last[16], file[PATH_MAX];
	time_t now = clock_now();
	struct tm tm;

	if (bc->dir[0] == '\0' || d->backup != NULL || d->stopping)
		return;
	localtime_r(&now, &tm);
	strftime(hhmm, sizeof(hhmm), "%H:%M", &tm);
	if (strcmp(hhmm, bc->time) < 0)
		return;
	date_of(now, today);
	if (setting_get(&d->db, "backup_day", last, sizeof(last)) != 0 &&
	    strcmp(last, today) == 0)
		return;
	if (d->backup_tried != 0 && now >= d->backup_tried &&
	    now - d->backup_tried < BACKUP_RETRY_SECONDS)
		return;
	d->backup_tried = now;
	if (mkdir(bc->dir, 0700) == -1 && errno != EEXIST) {
		log_warn("backup: %s", bc->dir);
		return;
	}
	if (d->ev_backup == NULL &&
	    (d->ev_backup = evtimer_new(d->base, on_backup_step, d)) == NULL)
		return;
	if ((d->backup = calloc(1, sizeof(*d->backup))) == NULL)
		return;
	backup_file_name(bc->dir, now, file, sizeof(file));
	if (backup_start(d->backup, &d->db, file, d->cfg->pin_key_file,
	    err, sizeof(err)) != BACKUP_MORE) {
		log_warnx("backup: %s", err);
		backup_done(d);
		return;
	}
	d->backup->at = now;
	log_info("backup: starting %s", d->backup->file);
	evtimer_add(d->ev_backup, &tick);
}

void
backup_daily_stop(struct daemon *d)
{
	if (d->backup != NULL) {
		log_info("backup: %s abandoned at shutdown", d->backup->file);
		backup_abort(d->backup);
		backup_done(d);
	}
	if (d->ev_backup != NULL) {
		event_free(d->ev_backup);
		d->ev_backup = NULL;
	}
}
