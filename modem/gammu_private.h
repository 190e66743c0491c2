/* What the two files of the Gammu driver share; nothing else includes it. */
#ifndef KOPDES_GAMMU_PRIVATE_H
#define KOPDES_GAMMU_PRIVATE_H

#include <pthread.h>

#include <gammu.h>

#include "modem/modem.h"

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
	volatile int		 send_status;	/* set by Gammu's callback */
	GSM_SMSC		 smsc;
	int			 smsc_known;
};

void	 gammu_error(struct modem *, GSM_Error, const char *what, char *err,
	    size_t errlen);
int	 gammu_code(GSM_Error);
int	 gammu_aborted(struct modem *);
int	 gammu_read(struct modem *, struct modem_sms **, size_t *, char *, size_t);
int	 gammu_remove(struct modem *, const struct modem_sms *);
int	 gammu_send(struct modem *, const char *, const char *, int *, char *,
	    size_t);

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
/* A file read that the gateway will never take (nor delete): quarantined. */
void	 dummy_screen_unwanted(struct modem *, const GSM_MultiSMSMessage *);

#endif
