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

#define MODEM_PARTS_MAX 16	/* parts of one received SMS we keep track of */
/*
 * Parts read in one go.  A backlog is handed over in batches of this
 * size, each stored and deleted before the next is read, so a crash in
 * a long burst costs at most one batch of re-reading.
 */
#define MODEM_READ_BATCH 100

struct modem_settings {
	char		 name[32];
	char		 model[32];		/* Gammu model: "" auto, "dummy" */
	char		 connection[32];	/* at, none, ... */
	char		 device[PATH_MAX];
	int		 send_per_minute;	/* 0 = as fast as the modem goes */
	int		 timeout_seconds;	/* a call longer than this is aborted */
	int		 poll_ms;		/* inbox read interval */
	int		 status_ms;		/* status refresh interval */
};

struct modem_sms {
	char		 sender[32];
	time_t		 smsc_time;
	char		*text;			/* UTF-8, all parts joined */
	int		 parts;
	int		 nlocs;
	struct {
		int	 folder;
		int	 location;
	}		 locs[MODEM_PARTS_MAX];	/* what remove() deletes */
};

struct modem_status {
	int		 connected;
	int		 signal;		/* percent, -1 unknown */
	int		 battery;		/* percent, -1 unknown */
	char		 network[48];
	char		 imei[24];
	time_t		 last_contact;
	int64_t		 errors;
	char		 last_error[96];
	int64_t		 received;
	int64_t		 sent;
};

struct modem;
struct modem_driver {
	const char	*name;
	struct modem	*(*open)(const struct modem_settings *, char *err, size_t errlen);
	/* Every waiting SMS, parts joined; *out is freed with modem_sms_free. */
	int		 (*read)(struct modem *, struct modem_sms **out, size_t *n,
			    char *err, size_t errlen);
	int		 (*remove)(struct modem *, const struct modem_sms *);
	int		 (*send)(struct modem *, const char *e164, const char *utf8,
			    int *parts, char *err, size_t errlen);
	int		 (*status)(struct modem *, struct modem_status *);
	void		 (*close)(struct modem *);
	/* From another thread: makes the blocked call return; then close. */
	void		 (*abort)(struct modem *);
};

/* modem/gammu.c, modem/gammu_sms.c */
extern const struct modem_driver modem_gammu;
void		 modem_sms_free(struct modem_sms *, size_t n);

/* modem/dummy.c: an incoming SMS for Gammu's dummy phone (demo and tests) */
int		 dummy_inject(const char *phone_dir, const char *from, const char *utf8,
		    time_t when, char *err, size_t errlen);

/* modem/worker.c */
struct modem_result {
	int64_t		 id;			/* as given to modem_worker_submit */
	int		 ok;
	int		 parts;
	char		 error[96];
};
struct modem_worker;
struct modem_worker *modem_worker_start(const struct modem_driver *,
		    const struct modem_settings *, int wake_fd);
/* Received SMS not yet taken; the caller owns them until it acks them. */
size_t		 modem_worker_take_received(struct modem_worker *, struct modem_sms **out);
/* Stored safely: the worker deletes them from the phone and frees them. */
void		 modem_worker_ack(struct modem_worker *, struct modem_sms *, size_t n);
/* Not stored: freed, left on the phone, and read again later. */
void		 modem_worker_release(struct modem_worker *, struct modem_sms *, size_t n);
int		 modem_worker_submit(struct modem_worker *, int64_t id, const char *e164,
		    const char *utf8);
size_t		 modem_worker_take_results(struct modem_worker *, struct modem_result *out,
		    size_t max);
void		 modem_worker_status(struct modem_worker *, struct modem_status *);
/* Sends queued or in hand; -1 while the modem is not connected. */
int		 modem_worker_pending(struct modem_worker *);
void		 modem_worker_stop(struct modem_worker *);

#endif
