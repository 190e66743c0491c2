/*
 * The loop.  It owns the database: modem threads hand it what they
 * received and take from it what to send, and every write happens here,
 * one callback at a time, so a transaction is never shared or torn.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>
#include <event2/thread.h>

#include "db/checkpoint.h"
#include "gateway/daemon.h"
#include "gateway/http.h"
#include "gateway/ussd.h"

static void
on_process(evutil_socket_t fd, short ev, void *arg)
{
	struct daemon *d = arg;
	int n;

	(void)fd;
	(void)ev;
	/* While a try is scheduled, its timer comes back here. */
	if (d->stopping || retry_waiting(&d->rt_process) || !daemon_db_ok(d))
		return;
	d->env.now = clock_now();
	retry_begin(&d->rt_process, &d->db);
	n = pipeline_process(&d->env, PROCESS_BATCH);
	if (n == -1) {
		/* Rolled back whole: nothing of the batch was posted or queued. */
		retry_failed(&d->rt_process, &d->db, "received SMS not handled");
		return;
	}
	retry_ok(&d->rt_process, &d->db);
	/* A full batch means more may wait: come back after other events. */
	if (n == PROCESS_BATCH)
		event_active(d->ev_process, 0, 0);
	if (n > 0) {
		log_debug("inbox: handled %d", n);
		sender_kick(d);
	}
}

static void
on_send(evutil_socket_t fd, short ev, void *arg)
{
	struct daemon *d = arg;

	(void)fd;
	(void)ev;
	if (!daemon_db_ok(d))
		return;
	/* Rows whose backoff ended, and anything a failed pass left behind. */
	sender_kick(d);
	event_active(d->ev_process, 0, 0);
}

static void
on_process_retry(evutil_socket_t fd, short ev, void *arg)
{
	on_process(fd, ev, arg);
}

static void
on_results_retry(evutil_socket_t fd, short ev, void *arg)
{
	struct daemon *d = arg;

	(void)fd;
	(void)ev;
	if (sender_record(d) == 0)
		sender_kick(d);
}

static void
on_store_retry(evutil_socket_t fd, short ev, void *arg)
{
	(void)fd;
	(void)ev;
	modems_store_held(arg);
}

/*
 * Reminders go out in waking hours only; reminders_run itself remembers
 * what it sent each day, so running it every minute sends nothing twice.
 */
static void
run_reminders(struct daemon *d)
{
	struct tm tm;
	time_t now = clock_now();

	localtime_r(&now, &tm);
	if (tm.tm_hour < 7 || tm.tm_hour >= 20)
		return;
	d->env.now = now;
	if (db_begin(&d->db) == -1)
		return;
	if (reminders_run(&d->env) == -1 || db_commit(&d->db) == -1) {
		db_rollback(&d->db);
		log_warnx("reminders: not sent this time");
		return;
	}
	sender_kick(d);
}

/* The treasurer's summary, once the configured time of day has come. */
static void
run_summary(struct daemon *d)
{
	struct tm tm;
	time_t now = clock_now();
	char hhmm[6];

	localtime_r(&now, &tm);
	strftime(hhmm, sizeof(hhmm), "%H:%M", &tm);
	if (strcmp(hhmm, d->cfg->summary_time) < 0)
		return;
	d->env.now = now;
	if (db_begin(&d->db) == -1)
		return;
	if (summary_run(&d->env) == -1 || db_commit(&d->db) == -1) {
		db_rollback(&d->db);
		log_warnx("summary: not sent this time");
		return;
	}
	sender_kick(d);
}

static void
on_minute(evutil_socket_t fd, short ev, void *arg)
{
	struct daemon *d = arg;

	(void)fd;
	(void)ev;
	if (!daemon_db_ok(d))
		return;
	modems_save_status(d);
	run_reminders(d);
	run_summary(d);
	backup_daily_check(d);
}

/*
 * Shortly after start: what came due while the daemon was down (the
 * summary of a day it was restarted late in), then the first status, so
 * `kopdesctl status` has one.
 */
static void
on_started(evutil_socket_t fd, short ev, void *arg)
{
	(void)fd;
	(void)ev;
	if (!daemon_db_ok(arg))
		return;
	run_reminders(arg);
	run_summary(arg);
	log_debug("start-up: reminders and summary looked at");
	modems_save_status(arg);
	backup_daily_check(arg);
}

static void
on_stop(evutil_socket_t sig, short ev, void *arg)
{
	struct daemon *d = arg;

	(void)ev;
	log_info("%s: stopping", sig == SIGTERM ? "SIGTERM" : "SIGINT");
	d->stopping = 1;
	event_base_loopexit(d->base, NULL);
}

/*
 * Prices live in the database and are read fresh by every HARGA; what a
 * reload changes is the rules (loan limits, rates, PIN tries).  The
 * handlers read them between messages, so no message sees half of each.
 */
static void
on_reload(evutil_socket_t sig, short ev, void *arg)
{
	struct daemon *d = arg;
	struct config *fresh;
	char err[CONFIG_ERR_LEN];

	(void)sig;
	(void)ev;
	if ((fresh = calloc(1, sizeof(*fresh))) == NULL)
		return;
	if (config_load(d->config_path, fresh, err, sizeof(err)) == -1) {
		log_warnx("reload refused, keeping the running config: %s", err);
		free(fresh);
		return;
	}
	if (fresh->timezone_set && strcmp(fresh->timezone, d->cfg->timezone) != 0)
		log_warnx("reload: timezone is read at start only; still %s",
		    d->cfg->timezone);
	d->cfg->rules = fresh->rules;
	memcpy(d->cfg->summary_time, fresh->summary_time, sizeof(d->cfg->summary_time));
	d->cfg->outbox_max_tries = fresh->outbox_max_tries;
	d->cfg->outbox_retry_seconds = fresh->outbox_retry_seconds;
	free(fresh);
	log_info("reloaded %s", d->config_path);
}

static int
events_add(struct daemon *d)
{
	struct timeval second = { 1, 0 }, minute = { 60, 0 }, two = { 2, 0 };

	d->ev_term = evsignal_new(d->base, SIGTERM, on_stop, d);
	d->ev_int = evsignal_new(d->base, SIGINT, on_stop, d);
	d->ev_hup = evsignal_new(d->base, SIGHUP, on_reload, d);
	d->ev_process = event_new(d->base, -1, 0, on_process, d);
	d->ev_send = event_new(d->base, -1, EV_PERSIST, on_send, d);
	d->ev_minute = event_new(d->base, -1, EV_PERSIST, on_minute, d);
	if (d->ev_term == NULL || d->ev_int == NULL || d->ev_hup == NULL ||
	    d->ev_process == NULL || d->ev_send == NULL || d->ev_minute == NULL)
		return -1;
	if (retry_init(&d->rt_results, d->base, "outbox", on_results_retry, d) == -1 ||
	    retry_init(&d->rt_store, d->base, "inbox", on_store_retry, d) == -1 ||
	    retry_init(&d->rt_process, d->base, "inbox processing",
	    on_process_retry, d) == -1)
		return -1;
	if (evsignal_add(d->ev_term, NULL) == -1 ||
	    evsignal_add(d->ev_int, NULL) == -1 ||
	    evsignal_add(d->ev_hup, NULL) == -1 ||
	    evtimer_add(d->ev_send, &second) == -1 ||
	    evtimer_add(d->ev_minute, &minute) == -1 ||
	    event_base_once(d->base, -1, EV_TIMEOUT, on_started, d, &two) == -1)
		return -1;
	return 0;
}

static void
events_free(struct daemon *d)
{
	struct event **evs[] = { &d->ev_term, &d->ev_int, &d->ev_hup,
	    &d->ev_process, &d->ev_send, &d->ev_minute };
	size_t i;

	for (i = 0; i < sizeof(evs) / sizeof(evs[0]); i++)
		if (*evs[i] != NULL) {
			event_free(*evs[i]);
			*evs[i] = NULL;
		}
	retry_free(&d->rt_results);
	retry_free(&d->rt_store);
	retry_free(&d->rt_process);
}

struct daemon *
daemon_open(struct config *cfg, const char *config_path)
{
	struct daemon *d;
	char err[CONFIG_ERR_LEN];

	if ((d = calloc(1, sizeof(*d))) == NULL)
		return NULL;
	d->cfg = cfg;
	d->config_path = config_path;
	signal(SIGPIPE, SIG_IGN);
	/* Before the database is touched: a second daemon changes nothing. */
	if (locks_take(d) == -1)
		goto fail;
	if (daemon_db_open(d) == -1)
		goto fail;
	sqlite3_busy_timeout(d->db.h, DAEMON_BUSY_MS);
	/* A batch's commit should not also pay for copying the WAL. */
	d->ckpt = checkpointer_start(&d->db);
	if (tz_settle(&d->db, cfg, NULL, err, sizeof(err)) != TZ_OK) {
		log_errorx("%s", err);
		goto fail;
	}
	if (pin_key_load(cfg->pin_key_file, &d->key, 0) == -1) {
		/* init makes no new key for PINs hashed with the old one. */
		if (member_count_with_pin(&d->db) > 0)
			log_errorx("members have PINs made with that key: put the"
			    " key file back from a backup");
		else
			log_errorx("run `kopdesctl -c %s init` first", config_path);
		goto fail;
	}
	if (key_settle(&d->db, &d->key, err, sizeof(err)) != KEY_OK) {
		log_errorx("%s", err);
		goto fail;
	}
	d->env.db = &d->db;
	d->env.rules = &cfg->rules;
	d->env.key = &d->key;
	if (evthread_use_pthreads() == -1 || (d->base = event_base_new()) == NULL) {
		log_errorx("libevent: cannot make the loop");
		goto fail;
	}
	if (events_add(d) == -1 || modems_start(d) == -1 || http_start(d) == -1 ||
	    kannel_start(d) == -1)
		goto fail;
	/* After a crash: rows stored but not handled, replies not yet sent. */
	event_active(d->ev_process, 0, 0);
	return d;
fail:
	daemon_close(d);
	return NULL;
}

void
daemon_close(struct daemon *d)
{
	int n;

	/*
	 * One last try for what the modems sent; after it they would go
	 * again.  Not into a file that is no longer the database.
	 */
	if (d->db.h != NULL && d->modems != NULL && !d->db_lost)
		modems_take_results(d);
	if (d->db.h != NULL && !d->db_lost && (n = sender_unrecorded(d)) > 0) {
		d->rt_results.failing = 0;
		if (sender_record(d) == -1)
			log_warnx("outbox: %d sent SMS not recorded; they will be"
			    " sent again after a restart", n);
	}
	backup_daily_stop(d);
	http_stop(d);
	kannel_stop(d);
	ussd_memory_free(d->ussd);
	modems_stop(d);
	events_free(d);
	if (d->base != NULL)
		event_base_free(d->base);
	checkpointer_stop(d->ckpt);
	if (d->db.h != NULL)
		db_close(&d->db);
	locks_release(d);
	free(d);
}

int
daemon_run(struct config *cfg, const char *config_path)
{
	struct daemon *d;
	int rc = -1;

	if ((d = daemon_open(cfg, config_path)) == NULL) {
		log_errorx("stopped after an error");
		return -1;
	}
	log_info("ready: %s, %d modem(s), database %s", cfg->rules.cooperative,
	    d->nmodems, cfg->database);
	daemonize_ready();
	if (event_base_dispatch(d->base) == -1)
		log_warnx("libevent: loop failed");
	else
		rc = 0;
	/* What the modems last said stays readable after the daemon stops. */
	if (d->modems != NULL && daemon_db_ok(d))
		modems_save_status(d);
	daemon_close(d);
	if (rc == 0)
		log_info("stopped cleanly");
	else
		log_errorx("stopped after an error");
	return rc;
}
