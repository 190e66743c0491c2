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
 * modem/dummy_screen.c: before each GSM_GetNextSMS on the dummy phone,
 * the file it will read is screened (what Gammu cannot read safely is
 * quarantined) and a marker names it until dummy_screen_done.  cursor is
 * the message GSM_GetNextSMS is given; NONE: nothing is left to read.
 */
enum dummy_next {
	DUMMY_NEXT_READ,
	DUMMY_NEXT_NONE
};
enum dummy_next dummy_screen_next(struct modem *, const GSM_MultiSMSMessage *cursor,
	    int start);
void	 dummy_screen_done(struct modem *);
/* Sets cursor so that GSM_GetNextSMS (not from the start) reads that file. */
void	 dummy_screen_aim(GSM_MultiSMSMessage *cursor);
/* A file read that the gateway will never take (nor delete): quarantined. */
void	 dummy_screen_unwanted(struct modem *, const GSM_MultiSMSMessage *);

#endif
