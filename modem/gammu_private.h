/* What the files of the Gammu driver share; nothing else includes it. */
#ifndef KOPDES_GAMMU_PRIVATE_H
#define KOPDES_GAMMU_PRIVATE_H

#include <pthread.h>

#include <gammu.h>

#include "modem/modem.h"

/*
 * SIM locations that failed to decode, and how often in a row: one is
 * read again at the next few polls (a modem may still be writing it)
 * before it is deleted.
 */
#define BAD_MAX		32
#define BAD_TRIES	3
struct bad_location {
	int			 location;
	int			 tries;
};

/*
 * What one read met besides SMS to hand over (deleted after the read),
 * and every location it visited.
 */
#define SWEEP_MAX	32
#define SEEN_MAX	(MODEM_READ_BATCH + 2 * SWEEP_MAX + 8)
struct sweep {
	int			 bad[SWEEP_MAX];	/* failed to decode */
	char			 why[SWEEP_MAX][64];
	int			 nbad;
	int			 drop[SWEEP_MAX];	/* decoded, not for a person */
	const char		*drop_why[SWEEP_MAX];
	int			 ndrop;
	int			 complete;		/* the list was read to its end */
	int			 all_seen;		/* all the SIM holds was visited */
	int			 seen[SEEN_MAX];
	int			 nseen;
};

struct batch;
struct dummy_trash;

struct modem {
	struct modem_settings	 set;
	int			 dummy;
	/*
	 * sm is NULL while closed.  Only the worker thread changes it, under
	 * lock, so that abort() from another thread never meets a state
	 * machine being freed; aborted stays set until close().
	 */
	pthread_mutex_t		 lock;
	GSM_StateMachine	*sm;
	int			 aborted;
	int64_t			 heard_ms;	/* last answer while connecting */
	volatile int		 send_status;	/* set by Gammu's callback */
	GSM_SMSC		 smsc;
	int			 smsc_known;
	struct bad_location	 bad[BAD_MAX];
	int			 nbad;
	int64_t			 discarded;
	/* Looking at each location in turn, a few a read (gammu_sweep.c). */
	int			 each_from;
	int			 each_probed;	/* since one last found something */
	int64_t			 each_next;	/* gammu_mono_ms() */
	int			 each_used;
	/* The parts of one read, kept from read to read (gammu_sms.c). */
	struct batch		*batch;
	/*
	 * The dummy phone: the file the screen chose last, and its buffer
	 * (dummy_screen.c); whether the next read may go on from there,
	 * which it may when the last one was a full batch and every SMS it
	 * handed over has been removed since (handed, removed); the files
	 * removed, unlinked by a thread of their own (dummy_trash.c).
	 */
	int			 screen_folder, screen_after;
	char			*screen_buf;
	int			 resume;
	size_t			 handed, removed;
	struct dummy_trash	*trash;
};

void	 gammu_error(struct modem *, GSM_Error, const char *what, char *err,
	    size_t errlen);
enum modem_rc gammu_code(GSM_Error);
int	 gammu_aborted(struct modem *);
/* CLOCK_MONOTONIC: a wall clock set back must not stretch a wait. */
int64_t	 gammu_mono_ms(void);
enum modem_rc gammu_read(struct modem *, struct modem_sms **, size_t *, char *, size_t);
void	 gammu_batch_free(struct modem *);
enum modem_rc gammu_remove(struct modem *, const struct modem_sms *);
enum modem_rc gammu_send(struct modem *, const char *, const char *, int *, char *,
	    size_t);

/* modem/gammu_sweep.c */
void	 sweep_seen(struct sweep *, int location);
void	 sweep_bad(struct sweep *, int location, GSM_Error);
void	 sweep_drop(struct sweep *, int location, const char *why);
int	 sweep_finish(struct modem *, const struct sweep *);
/* keep() returns 1 when the batch is full; locations seen are skipped. */
int	 sweep_read_each(struct modem *, struct sweep *,
	    int (*keep)(void *, GSM_MultiSMSMessage *), void *arg, char *err,
	    size_t errlen);
void	 sweep_forget(struct modem *);
/*
 * modem/dummy_screen.c: before each GSM_GetSMS on the dummy phone, the
 * next file it holds is chosen and screened (what Gammu cannot read
 * safely is quarantined), and a marker names it until the next one's
 * read or dummy_screen_end.  start: from the first folder's first file,
 * else on after the file chosen last; NONE: nothing is left to read.
 */
enum dummy_next {
	DUMMY_NEXT_READ,
	DUMMY_NEXT_NONE
};
enum dummy_next dummy_screen_next(struct modem *, int start);
/* Sets sms for GSM_GetSMS to read the file chosen. */
void	 dummy_screen_target(struct modem *, GSM_MultiSMSMessage *sms);
/* Gammu's read of it returned (a fault after this is not its). */
void	 dummy_screen_done(struct modem *);
/* The batch is read: the marker names nothing while it is stored. */
void	 dummy_screen_end(struct modem *);
/* Gammu failed to read the file chosen: quarantined; 0, or -1 if not moved. */
int	 dummy_screen_failed(struct modem *, const char *why);
/* A file read that the gateway will never take (nor delete): quarantined. */
void	 dummy_screen_unwanted(struct modem *, const GSM_MultiSMSMessage *);

/*
 * modem/dummy_trash.c: the dummy's files of stored SMS, unlinked by a
 * thread of their own, so that neither the read nor the loop waits on
 * the file system (an unlink is the dearest call of a read's round).
 * A stop (or drain) returns once every file queued before it is gone.
 */
struct dummy_trash *dummy_trash_start(const char *device);
/* 0, or -1 (nothing queued) when no memory is left. */
int	 dummy_trash_put(struct dummy_trash *, int location);
void	 dummy_trash_drain(struct dummy_trash *);
void	 dummy_trash_stop(struct dummy_trash *);

#endif
