/*
 * What a read finds on the SIM besides SMS for the gateway.  A PDU that
 * libGammu cannot decode is stepped past, so the rest is still read; it
 * is read again at the next polls (BAD_TRIES in a row), since a modem may
 * still be writing it, and then deleted.  Delivery reports, SMS-SUBMITs
 * kept in the inbox and data pushes are deleted at once.  Either way the
 * SIM does not fill up with what nobody reads: a full SIM receives
 * nothing more.
 */
#include <stdio.h>
#include <string.h>

#include <gammu.h>

#include "modem/gammu_private.h"

void
sweep_bad(struct sweep *sw, int location, GSM_Error e)
{
	if (sw->nbad == SWEEP_MAX)
		return;		/* the rest waits for the next read */
	sw->bad[sw->nbad] = location;
	snprintf(sw->why[sw->nbad], sizeof(sw->why[0]), "%s", GSM_ErrorString(e));
	sw->nbad++;
}

void
sweep_drop(struct sweep *sw, int location, const char *why)
{
	if (sw->ndrop == SWEEP_MAX)
		return;
	sw->drop[sw->ndrop] = location;
	sw->drop_why[sw->ndrop] = why;
	sw->ndrop++;
}

void
sweep_forget(struct modem *m)
{
	m->nbad = 0;
}

/* 0 gone (or already gone), else what gammu_code says. */
static int
delete_location(struct modem *m, int location)
{
	GSM_SMSMessage sms;
	GSM_Error e;

	memset(&sms, 0, sizeof(sms));
	sms.Folder = 0;
	sms.Location = location;
	e = GSM_DeleteSMS(m->sm, &sms);
	if (e == ERR_NONE || e == ERR_EMPTY || e == ERR_INVALIDLOCATION)
		return 0;
	modem_log("%s: SIM location %d cannot be deleted: %s", m->set.name,
	    location, GSM_ErrorString(e));
	return gammu_code(e);
}

static int
failed_now(const struct sweep *sw, int location)
{
	int i;

	for (i = 0; i < sw->nbad; i++)
		if (sw->bad[i] == location)
			return 1;
	return 0;
}

static struct bad_location *
bad_entry(struct modem *m, int location)
{
	int i;

	for (i = 0; i < m->nbad; i++)
		if (m->bad[i].location == location)
			return &m->bad[i];
	if (m->nbad == BAD_MAX)
		return NULL;
	m->bad[m->nbad].location = location;
	m->bad[m->nbad].tries = 0;
	return &m->bad[m->nbad++];
}

static void
bad_remove(struct modem *m, struct bad_location *b)
{
	*b = m->bad[--m->nbad];
}

/*
 * A location that read fine this time (a new SMS in an old place, or one
 * the modem finished writing) starts again from nothing.
 */
static void
bad_prune(struct modem *m, const struct sweep *sw)
{
	int i;

	for (i = 0; i < m->nbad;) {
		if (!failed_now(sw, m->bad[i].location) &&
		    (sw->complete || m->bad[i].location <= sw->last))
			bad_remove(m, &m->bad[i]);
		else
			i++;
	}
}

int
sweep_finish(struct modem *m, const struct sweep *sw)
{
	struct bad_location *b;
	int i, rc;

	bad_prune(m, sw);
	for (i = 0; i < sw->nbad; i++) {
		if ((b = bad_entry(m, sw->bad[i])) == NULL)
			continue;
		if (++b->tries == 1)
			modem_log("%s: SIM location %d cannot be read (%s); the others"
			    " are read, and it is deleted if it still fails after %d"
			    " tries", m->set.name, b->location, sw->why[i], BAD_TRIES);
		if (b->tries < BAD_TRIES)
			continue;
		if ((rc = delete_location(m, b->location)) == MODEM_LOST)
			return MODEM_LOST;
		if (rc != 0)
			continue;	/* tried again at the next read */
		modem_log("%s: SIM location %d deleted after %d failed reads",
		    m->set.name, b->location, b->tries);
		m->discarded++;
		bad_remove(m, b);
	}
	for (i = 0; i < sw->ndrop; i++) {
		if ((rc = delete_location(m, sw->drop[i])) == MODEM_LOST)
			return MODEM_LOST;
		if (rc != 0)
			continue;
		modem_log("%s: SIM location %d held %s; deleted", m->set.name,
		    sw->drop[i], sw->drop_why[i]);
		m->discarded++;
	}
	return gammu_aborted(m) ? MODEM_LOST : 0;
}

/*
 * When the modem's list of messages itself cannot be taken apart, each
 * SIM location is asked for on its own, up to as many as the SIM says it
 * holds.
 */
int
sweep_read_each(struct modem *m, struct sweep *sw,
    int (*keep)(void *, GSM_MultiSMSMessage *), void *arg, char *err,
    size_t errlen)
{
	GSM_SMSMemoryStatus st;
	GSM_MultiSMSMessage sms;
	GSM_Error e;
	int loc, found = 0;

	memset(&st, 0, sizeof(st));
	if ((e = GSM_GetSMSStatus(m->sm, &st)) != ERR_NONE) {
		gammu_error(m, e, "SMS status", err, errlen);
		return gammu_code(e);
	}
	for (loc = 1; loc <= st.SIMSize && found < st.SIMUsed; loc++) {
		memset(&sms, 0, sizeof(sms));
		sms.SMS[0].Folder = 0;
		sms.SMS[0].Location = loc;
		e = GSM_GetSMS(m->sm, &sms);
		if (e == ERR_EMPTY || e == ERR_INVALIDLOCATION)
			continue;
		if (gammu_code(e) == MODEM_LOST || gammu_aborted(m)) {
			gammu_error(m, e, "read SMS", err, errlen);
			return MODEM_LOST;
		}
		found++;
		sw->last = loc;
		if (e != ERR_NONE)
			sweep_bad(sw, loc, e);
		else if (keep(arg, &sms) == 1)
			return 0;
	}
	sw->complete = 1;
	return 0;
}
