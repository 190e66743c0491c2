/*
 * The database file under the daemon: deleted or replaced while it runs,
 * every SMS it then took off a modem would go into a file no one can
 * open again.  So the loop asks before each batch is stored and on every
 * send tick whether the path still names the file it opened; while not,
 * nothing is taken off the modems, handled or sent, and the log says so
 * each minute, with how to get back what the file held.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "gateway/daemon.h"

#define DBWATCH_REPEAT 60	/* seconds between warnings while it lasts */

static time_t
mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static void
say_lost(struct daemon *d)
{
	const char *path = d->db.path;
	char copy[160] = "";
	int fd = db_fd(&d->db);

	if (fd != -1)
		snprintf(copy, sizeof(copy), " The file kopdesd opened can still"
		    " be copied while it runs: cp /proc/%ld/fd/%d FILE.",
		    (long)getpid(), fd);
	if (d->db_presence == DB_GONE)
		log_warnx("database %s is gone while kopdesd runs (deleted, or"
		    " its disk unmounted): SMS stay on the modems, nothing is"
		    " handled or sent.%s Put the database back at %s and"
		    " restart kopdesd", path, copy, path);
	else
		log_warnx("database %s is not the file kopdesd opened any more:"
		    " SMS stay on the modems, nothing is handled or sent.%s"
		    " Restart kopdesd once the right file is at %s", path, copy,
		    path);
	if (d->db_wal_kept)
		log_warnx("%s-wal may hold the last changes: keep it beside the"
		    " copy", path);
	d->db_said_at = mono_now();
}

int
daemon_db_ok(struct daemon *d)
{
	enum db_presence p = db_still_there(&d->db);

	if (p == DB_THERE) {
		if (d->db_lost) {
			db_set_lost(&d->db, 0);
			d->db_lost = 0;
			log_warnx("database %s is the file kopdesd opened again:"
			    " handling SMS again", d->db.path);
			event_active(d->ev_process, 0, 0);
			modems_wake(d);
		}
		return 1;
	}
	if (!d->db_lost) {
		d->db_lost = 1;
		d->db_presence = p;
		d->db_wal_kept = db_set_lost(&d->db, 1) == -1;
		say_lost(d);
	} else if (p != d->db_presence ||
	    mono_now() - d->db_said_at >= DBWATCH_REPEAT) {
		d->db_presence = p;
		say_lost(d);
	}
	return 0;
}

/* A start on a missing file would make an empty cooperative: only init may. */
int
daemon_db_open(struct daemon *d)
{
	const char *path = d->cfg->database;
	struct stat sb;

	switch (db_open_existing(&d->db, path)) {
	case DB_OPEN_OK:
		break;
	case DB_OPEN_MISSING:
		log_errorx("database %s does not exist: check `database` in %s"
		    " and that its disk is mounted, restore it from a backup,"
		    " or make a new one with `kopdesctl -c %s init`", path,
		    d->config_path, d->config_path);
		return -1;
	default:
		return -1;
	}
	if (stat(path, &sb) == 0 && (sb.st_mode & 007) != 0)
		log_warnx("database %s can be read by every user of this machine;"
		    " `kopdesctl init` makes it private", path);
	return 0;
}
