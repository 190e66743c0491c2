/*
 * modem/: GSM modems behind one driver interface, and the worker thread
 * that runs each of them.
 *
 * A driver is a struct of function pointers chosen by name (as OpenSMTPD
 * does for its queue backends): the Gammu driver is the real one; a test
 * may bring another.  Driver calls block, so each modem lives in its own
 * worker thread with its own state; the daemon's loop talks to workers
 * only through the queues below, and a worker wakes the loop by writing
 * to a file descriptor the loop watches.  Nothing here touches the
 * database: the loop stores what a worker received, then acks it, and
 * only an acked SMS is deleted from the phone.
 */
#ifndef KOPDES_MODEM_H
#define KOPDES_MODEM_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "log/log.h"

#define MODEM_PARTS_MAX 50	/* parts of one SMS: Gammu's own limit */
/*
 * Parts read in one go.  A backlog is handed over in batches of this
 * size, each stored and acked before the next is read, so a crash in a
 * long burst costs little re-reading: a batch, and on the dummy phone
 * the files still queued for unlinking.
 */
#define MODEM_READ_BATCH 100

struct modem_settings {
	char		 name[32];
	char		 model[32];		/* Gammu model: "" auto, "dummy" */
	char		 connection[32];	/* at, none, ... */
	char		 device[PATH_MAX];
	int		 send_per_minute;	/* SMS parts a minute, 0 = no limit */
	int		 timeout_seconds;	/* a call longer than this is aborted */
	int		 poll_ms;		/* inbox read interval (2000) */
	int		 status_ms;		/* status refresh interval (60000) */
};

struct modem_sms {
	char		 sender[32];
	time_t		 smsc_time;
	char		*text;			/* UTF-8, all parts joined */
	int		 parts;
	int		 nlocs;			/* what remove() deletes */
	struct {
		int	 folder;
		int	 location;
	}		 locs[MODEM_PARTS_MAX];
};

struct modem_status {
	int		 connected;
	int		 signal;		/* percent, -1 unknown */
	int		 battery;		/* percent, -1 unknown */
	char		 network[48];		/* "NAME CODE" as the modem says */
	char		 imei[24];
	time_t		 last_contact;		/* last call that succeeded */
	int64_t		 errors;		/* failures since start */
	char		 last_error[96];
	int64_t		 received;		/* SMS handed to the loop */
	int64_t		 sent;			/* SMS sent (whole messages) */
	/*
	 * SIM entries deleted without being handed over: ones that never
	 * decoded, delivery reports, data pushes.
	 */
	int64_t		 discarded;
};

/*
 * What a driver call returns, named for what the worker does next.
 */
enum modem_rc {
	MODEM_OK = 0,		/* done */
	MODEM_MORE = 1,		/* read: done, and more wait than a batch holds */
	/* This one failed but the connection is sound: carry on. */
	MODEM_RETRY = -1,
	/* No connection (lost, or never made): close, open a fresh one later. */
	MODEM_RECONNECT = -2
};

struct modem;
struct modem_driver {
	const char	*name;		/* as `driver` names it in the config */
	/* Once in main, before any thread starts; may be NULL. */
	void		 (*init)(void);
	/* The modem's state, no I/O yet; abort() is safe from here on. */
	struct modem	*(*create)(const struct modem_settings *, char *err,
			    size_t errlen);
	/* Connects (an AT modem takes ~4 s): OK, or RECONNECT with err. */
	enum modem_rc	 (*open)(struct modem *, char *err, size_t errlen);
	/*
	 * Waiting SMS, parts joined, at most MODEM_READ_BATCH parts; *out
	 * (n entries, maybe none) is freed with modem_sms_free.
	 */
	enum modem_rc	 (*read)(struct modem *, struct modem_sms **out, size_t *n,
			    char *err, size_t errlen);
	enum modem_rc	 (*remove)(struct modem *, const struct modem_sms *);
	/* *parts: how many SMS parts left the modem. */
	enum modem_rc	 (*send)(struct modem *, const char *e164, const char *utf8,
			    int *parts, char *err, size_t errlen);
	enum modem_rc	 (*status)(struct modem *, struct modem_status *);
	/* Ends the connection and forgets its state; open() may follow. */
	void		 (*close)(struct modem *);
	/*
	 * From any thread: the call in hand returns soon with MODEM_RECONNECT,
	 * and so does every later call until close().
	 */
	void		 (*abort)(struct modem *);
	void		 (*destroy)(struct modem *);
	/* What status.discarded shows, kept by the driver; no I/O. */
	int64_t		 (*discarded)(struct modem *);
	/*
	 * From any thread, while open() runs: when the modem last answered
	 * (CLOCK_MONOTONIC ms), 0 if not yet; NULL if the driver cannot tell.
	 * A connect is many exchanges, so it is timed from the last answer.
	 */
	int64_t		 (*heard)(struct modem *);
};

/* modem/driver.c: the drivers the config may name */
const struct modem_driver *modem_driver_find(const char *name);	/* NULL: none */
/* Every driver's init, once in main before any thread starts. */
void		 modem_init(void);

/*
 * The modem layer logs through log/ like every other folder, from the
 * worker threads too; the old names stay for code that still uses them.
 */
#define modem_log	log_warnx
#define modem_log_set	log_capture

/* modem/gammu.c, modem/gammu_sms.c */
extern const struct modem_driver modem_gammu;
void		 modem_sms_free(struct modem_sms *, size_t n);

/* modem/dummy.c: an incoming SMS for Gammu's dummy phone (demo and tests) */
int		 dummy_inject(const char *phone_dir, const char *from, const char *utf8,
		    time_t when, char *err, size_t errlen);

/*
 * modem/worker.c: one thread a modem.  The worker opens the modem (again
 * after a failure, waiting 1 s doubling to 60 s), reads its inbox every
 * poll_ms, refreshes its status every status_ms and sends what it is
 * given, send_per_minute parts a minute at most.  A driver call that
 * runs past timeout_seconds (a connect: timeout_seconds without an
 * answer) is aborted from a watchdog thread and the modem reopened with a
 * fresh state.  The threads run with every signal blocked: signals are
 * the loop's.
 *
 * Every function below is for the loop's thread and never blocks on the
 * modem.  The worker writes 8 bytes (an eventfd's 1) to wake_fd whenever
 * it has received SMS or send results, or its connection came or went;
 * the loop then takes what there is.  wake_fd stays the caller's.
 */
struct modem_result {
	int64_t		 id;			/* as given to modem_worker_submit */
	int		 ok;
	int		 parts;			/* parts sent, when ok */
	char		 error[96];		/* why not, when not ok */
	int		 permanent;		/* no retry will help (refused by the link) */
};
struct modem_worker;
/* NULL if the driver cannot create the modem or no thread starts. */
struct modem_worker *modem_worker_start(const struct modem_driver *,
		    const struct modem_settings *, int wake_fd);
/*
 * Received SMS, handed over once each: the caller owns the array and
 * must give every batch back through ack (stored: delete from the phone)
 * or release (not stored: leave it there).  The inbox is not read again
 * while any SMS is out, so nothing is handed over twice in one run; an
 * SMS is only deleted after its ack, so a crash before the ack means it
 * is read again after restart (the loop drops it as a copy).
 */
size_t		 modem_worker_take_received(struct modem_worker *, struct modem_sms **out);
void		 modem_worker_ack(struct modem_worker *, struct modem_sms *, size_t n);
void		 modem_worker_release(struct modem_worker *, struct modem_sms *, size_t n);
/*
 * Queues a send; -1 (nothing queued) while the modem is not connected.
 * Each submitted id comes back exactly once as a result; sends queued
 * when the connection is lost come back failed at once.
 */
int		 modem_worker_submit(struct modem_worker *, int64_t id, const char *e164,
		    const char *utf8);
size_t		 modem_worker_take_results(struct modem_worker *, struct modem_result *out,
		    size_t max);
void		 modem_worker_status(struct modem_worker *, struct modem_status *);
/* Sends queued or in hand; -1 while the modem is not connected. */
int		 modem_worker_pending(struct modem_worker *);
/*
 * Aborts the call in hand, joins the threads, closes the modem and
 * frees everything, SMS not yet acked included (they stay on the phone).
 */
void		 modem_worker_stop(struct modem_worker *);

#endif
