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

#endif
