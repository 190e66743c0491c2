/*
 * What a read finds on the SIM besides SMS for the gateway.  A PDU that
 * libGammu cannot decode is stepped past, so the rest is still read; it
 * is read again at the next polls (BAD_TRIES in a row), since a modem may
 * still be writing it, and then deleted.  Delivery reports, SMS-SUBMITs
 * kept in the inbox and data pushes are deleted at once.  Either way the
 * SIM does not fill up with what nobody reads: a full SIM receives
 * nothing more.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gammu.h>

#include "modem/gammu_private.h"

#define EACH_PAUSE	60	/* seconds between checks that found nothing */
#define RAW_WAIT_MS	3000	/* for the modem's answer to AT+CMGD */
#define DELETE_MAX	8	/* deletes in one read */
#define EACH_PROBES	8	/* locations read one by one in one read */

void
sweep_seen(struct sweep *sw, int location)
{
	if (sw->nseen < SEEN_MAX)
		sw->seen[sw->nseen++] = location;
}

static int
was_seen(const struct sweep *sw, int location)
{
	int i;

	for (i = 0; i < sw->nseen; i++)
		if (sw->seen[i] == location)
			return 1;
	return 0;
}

/* What the read saw of the SIM: the first folder's locations. */
static int
seen_on_sim(const struct sweep *sw)
{
	int i, n = 0;

	for (i = 0; i < sw->nseen; i++)
		n += sw->seen[i] <= GSM_PHONE_MAXSMSINFOLDER;
	return n;
}

void
sweep_bad(struct sweep *sw, int location, GSM_Error e)
{
	if (sw->nbad == SWEEP_MAX)
		return;		/* the rest waits for the next read */
	sw->bad[sw->nbad] = location;
	snprintf(sw->why[sw->nbad], sizeof(sw->why[0]), "%s", GSM_ErrorString(e));
	sw->nbad++;
	sweep_seen(sw, location);
}

void
sweep_drop(struct sweep *sw, int location, const char *why)
{
	if (sw->ndrop == SWEEP_MAX)
		return;
	sw->drop[sw->ndrop] = location;
	sw->drop_why[sw->ndrop] = why;
	sw->ndrop++;
	sweep_seen(sw, location);
}

void
sweep_forget(struct modem *m)
{
	m->nbad = 0;
	m->each_from = m->each_probed = m->each_used = 0;
	m->each_next = 0;
}

/*
 * Gammu's AT driver reads a message before it deletes it, and refuses
 * when that read fails with anything but "corrupted": so a PDU it cannot
 * read at all it cannot delete either.  Then AT+CMGD goes to the modem
 * directly, between two of Gammu's calls (Gammu reads the line only
 * while it is called), in the memory Gammu's failed read just selected.
 */
static int
at_delete(struct modem *m, int location)
{
	char cmd[32], buf[512];
	struct pollfd pfd;
	size_t len = 0;
	ssize_t n;
	int fd, rc = -1, waited = 0;

	if (strncmp(m->set.connection, "at", 2) != 0 || location < 1 ||
	    location > GSM_PHONE_MAXSMSINFOLDER)
		return -1;
	if ((fd = open(m->set.device, O_RDWR | O_NOCTTY | O_NONBLOCK)) == -1) {
		log_warnx("%s: %s: %s", m->set.name, m->set.device, strerror(errno));
		return -1;
	}
	n = snprintf(cmd, sizeof(cmd), "AT+CMGD=%d\r", location);
	if (write(fd, cmd, (size_t)n) != n) {
		close(fd);
		return -1;
	}
	pfd.fd = fd;
	pfd.events = POLLIN;
	while (rc == -1 && waited < RAW_WAIT_MS) {
		if (poll(&pfd, 1, 100) <= 0) {
			waited += 100;
			continue;
		}
		if ((n = read(fd, buf + len, sizeof(buf) - 1 - len)) <= 0)
			break;
		len += (size_t)n;
		buf[len] = '\0';
		if (strstr(buf, "\nOK\r") != NULL)
			rc = 0;
		else if (strstr(buf, "ERROR") != NULL || len == sizeof(buf) - 1)
			break;
	}
	close(fd);
	return rc;
}

/* 0 gone (or already gone), else what gammu_code says; quiet unless loud. */
static int
delete_location(struct modem *m, int location, int loud)
{
	GSM_SMSMessage sms;
	GSM_Error e;

	memset(&sms, 0, sizeof(sms));
	sms.Folder = 0;
	sms.Location = location;
	e = GSM_DeleteSMS(m->sm, &sms);
	if (e == ERR_NONE || e == ERR_EMPTY || e == ERR_INVALIDLOCATION)
		return 0;
	if (gammu_code(e) == MODEM_RECONNECT || gammu_aborted(m))
		return MODEM_RECONNECT;
	if (at_delete(m, location) == 0)
		return 0;
	if (loud)
		log_warnx("%s: SIM location %d cannot be deleted: %s; trying again"
		    " at every read", m->set.name, location, GSM_ErrorString(e));
	return MODEM_RETRY;
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
 * the modem finished writing) starts again from nothing, and so does one
 * no longer on the SIM.
 */
static void
bad_prune(struct modem *m, const struct sweep *sw)
{
	int i, loc;

	for (i = 0; i < m->nbad;) {
		loc = m->bad[i].location;
		if (was_seen(sw, loc) ? !failed_now(sw, loc) : sw->all_seen)
			bad_remove(m, &m->bad[i]);
		else
			i++;
	}
}

/*
 * Deletes what the read set aside, DELETE_MAX at most: each delete is a
 * few exchanges with the modem, and a read must end well inside its time
 * budget, or it is aborted and the connection with it.  The rest is met
 * again at the next read.
 */
int
sweep_finish(struct modem *m, const struct sweep *sw)
{
	struct bad_location *b;
	int i, rc, budget = DELETE_MAX;

	bad_prune(m, sw);
	for (i = 0; i < sw->nbad; i++) {
		if ((b = bad_entry(m, sw->bad[i])) == NULL)
			continue;
		if (++b->tries == 1)
			log_warnx("%s: SIM location %d cannot be read (%s); the others"
			    " are read, and it is deleted if it still fails after %d"
			    " tries", m->set.name, b->location, sw->why[i], BAD_TRIES);
		if (b->tries < BAD_TRIES || budget == 0)
			continue;
		budget--;
		if ((rc = delete_location(m, b->location,
		    b->tries == BAD_TRIES)) == MODEM_RECONNECT)
			return MODEM_RECONNECT;
		if (rc != 0)
			continue;	/* tried again at the next read */
		log_warnx("%s: SIM location %d deleted after %d failed reads",
		    m->set.name, b->location, b->tries);
		m->discarded++;
		bad_remove(m, b);
	}
	for (i = 0; i < sw->ndrop && budget > 0; i++, budget--) {
		if ((rc = delete_location(m, sw->drop[i], 1)) == MODEM_RECONNECT)
			return MODEM_RECONNECT;
		if (rc != 0)
			continue;
		log_warnx("%s: SIM location %d held %s; deleted", m->set.name,
		    sw->drop[i], sw->drop_why[i]);
		m->discarded++;
	}
	return gammu_aborted(m) ? MODEM_RECONNECT : 0;
}

/* Reads one location for the pass below: 1 batch full, -1 lost, else 0. */
static int
probe(struct modem *m, struct sweep *sw, int loc,
    int (*keep)(void *, GSM_MultiSMSMessage *), void *arg, int *found,
    char *err, size_t errlen)
{
	GSM_MultiSMSMessage sms;
	GSM_Error e;

	memset(&sms, 0, sizeof(sms));
	sms.SMS[0].Folder = 0;
	sms.SMS[0].Location = loc;
	e = GSM_GetSMS(m->sm, &sms);
	if (e == ERR_EMPTY || e == ERR_INVALIDLOCATION)
		return 0;
	if (gammu_code(e) == MODEM_RECONNECT || gammu_aborted(m)) {
		gammu_error(m, e, "read SMS", err, errlen);
		return -1;
	}
	(*found)++;
	if (e != ERR_NONE) {
		sweep_bad(sw, loc, e);
		return 0;
	}
	return keep(arg, &sms) != 0;
}

/*
 * The modem's list (AT+CMGL) is all Gammu reads, and one that cannot be
 * taken apart ends where it broke: what comes after it is never read.
 * When the SIM says it holds more than the read saw, the locations known
 * to be bad are read again, and then EACH_PROBES others in turn, so that
 * one read stays short however large the SIM.  A modem that always
 * counts more than it lists is looked through again once a minute or when
 * its count changes, not at every poll.
 */
int
sweep_read_each(struct modem *m, struct sweep *sw,
    int (*keep)(void *, GSM_MultiSMSMessage *), void *arg, char *err,
    size_t errlen)
{
	GSM_SMSMemoryStatus st;
	GSM_Error e;
	int i, rc = 0, loc, found, probes = 0, before = sw->nseen;

	memset(&st, 0, sizeof(st));
	if ((e = GSM_GetSMSStatus(m->sm, &st)) != ERR_NONE) {
		gammu_error(m, e, "SMS status", err, errlen);
		return gammu_code(e);
	}
	if ((found = seen_on_sim(sw)) >= st.SIMUsed) {
		sw->all_seen = 1;
		return 0;
	}
	if (st.SIMSize < 1 ||
	    (st.SIMUsed == m->each_used && gammu_mono_ms() < m->each_next))
		return 0;
	for (i = 0; i < m->nbad && rc == 0 && found < st.SIMUsed; i++) {
		loc = m->bad[i].location;
		if (loc <= st.SIMSize && !was_seen(sw, loc))
			rc = probe(m, sw, loc, keep, arg, &found, err, errlen);
	}
	loc = m->each_from >= 1 && m->each_from <= st.SIMSize ? m->each_from : 1;
	for (i = 0; i < st.SIMSize && rc == 0 && found < st.SIMUsed &&
	    probes < EACH_PROBES; i++, loc = loc % st.SIMSize + 1) {
		if (was_seen(sw, loc))
			continue;
		probes++;
		rc = probe(m, sw, loc, keep, arg, &found, err, errlen);
	}
	m->each_from = loc;
	if (rc == -1)
		return MODEM_RECONNECT;
	if (rc == 1)
		sw->complete = 0;
	sw->all_seen = found >= st.SIMUsed;
	if (sw->nseen > before) {
		m->each_probed = 0;
		log_warnx("%s: %d SIM location(s) missing from the modem's list"
		    " were read one by one", m->set.name, sw->nseen - before);
	} else if ((m->each_probed += probes) >= st.SIMSize) {
		m->each_probed = 0;
		m->each_next = gammu_mono_ms() + EACH_PAUSE * 1000LL;
		m->each_used = st.SIMUsed;
	}
	return 0;
}
