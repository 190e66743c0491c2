/*
 * Reading, deleting and sending SMS through libgammu.  Parts of a long SMS
 * are joined with GSM_LinkSMS before anything sees them; a file the dummy
 * phone cannot parse is moved aside, and a PDU the AT driver cannot
 * decode is stepped past (gammu_sweep.c), so neither stops every later
 * read.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <gammu.h>

#include "modem/gammu_private.h"

#define QUARANTINE_MAX	16	/* bad files set aside in one read */
#define PART_WAIT	300	/* seconds to wait for the rest of a long SMS */
#define PART_UNITS	(GSM_MAX_SMS_LENGTH + 1)	/* UCS-2 units a part holds */

void
modem_sms_free(struct modem_sms *v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		free(v[i].text);
	free(v);
}

static time_t
gammu_time(const GSM_DateTime *dt)
{
	struct tm tm;

	if (dt->Year == 0)
		return 0;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = dt->Year - 1900;
	tm.tm_mon = dt->Month - 1;
	tm.tm_mday = dt->Day;
	tm.tm_hour = dt->Hour;
	tm.tm_min = dt->Minute;
	tm.tm_sec = dt->Second;
	return timegm(&tm) - dt->Timezone;
}

static void
free_parts(GSM_MultiSMSMessage **v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(v[i]);
}

/*
 * The parts of one read, and what it met that is not for the gateway.
 * Only the parts are kept, one after another (a GSM_MultiSMSMessage is
 * 50 parts, 260 KB, where one part is 5 KB): a batch of them is copied
 * once and the heap is not grown and trimmed for every message.
 * unit_start[u] and unit_n[u] say which parts one read returned.
 */
#define BATCH_PARTS	(MODEM_READ_BATCH + GSM_MAX_MULTI_SMS)

struct batch {
	struct modem		 *m;
	GSM_SMSMessage		 *part;		/* BATCH_PARTS */
	int			  unit_start[BATCH_PARTS], unit_n[BATCH_PARTS];
	int			  n, parts;
	int			  left;		/* a message read and not kept */
	struct sweep		 *sw;
};

static void
batch_clear(struct batch *b)
{
	b->n = b->parts = b->left = 0;
}

/*
 * Takes one message read into the batch: 1 when the batch is full, -1
 * when there is no room for it.
 */
static int
batch_keep(void *arg, GSM_MultiSMSMessage *sms)
{
	struct batch *b = arg;
	const GSM_SMSMessage *p = &sms->SMS[0];

	if (sms->Number < 1)
		return 0;
	sweep_seen(b->sw, p->Location);
	if (p->PDU != SMS_Deliver) {
		/* The dummy's outbox folders hold SUBMITs by right. */
		if (!b->m->dummy || p->InboxFolder)
			sweep_drop(b->sw, p->Location, p->PDU == SMS_Status_Report ?
			    "a delivery report" : "an SMS-SUBMIT");
		return 0;
	}
	if (sms->Number > GSM_MAX_MULTI_SMS || b->parts + sms->Number > BATCH_PARTS)
		return -1;
	memcpy(&b->part[b->parts], sms->SMS, sizeof(sms->SMS[0]) *
	    (size_t)sms->Number);
	b->unit_start[b->n] = b->parts;
	b->unit_n[b->n] = sms->Number;
	b->parts += sms->Number;
	b->n++;
	return b->parts >= MODEM_READ_BATCH;
}

/*
 * The dummy phone's part of read_parts: each file the screen chooses is
 * read by GSM_GetSMS; one Gammu fails on is quarantined and the read
 * goes on past it.  resume: on from the file chosen last.
 */
static int
read_dummy(struct modem *m, struct batch *b, int resume, char *err,
    size_t errlen)
{
	GSM_MultiSMSMessage sms;
	GSM_Error e;
	int quarantined = 0, start = !resume;

	memset(&sms, 0, sizeof(sms));
	while (b->parts < MODEM_READ_BATCH) {
		if (dummy_screen_next(m, start) == DUMMY_NEXT_NONE)
			break;
		start = 0;
		dummy_screen_target(m, &sms);
		e = GSM_GetSMS(m->sm, &sms);
		dummy_screen_done(m);
		/* Gone since the screen looked at it. */
		if (e == ERR_EMPTY)
			continue;
		if (e != ERR_NONE && gammu_code(e) != MODEM_RECONNECT &&
		    quarantined < QUARANTINE_MAX &&
		    dummy_screen_failed(m, GSM_ErrorString(e)) == 0) {
			quarantined++;
			continue;
		}
		if (e != ERR_NONE) {
			dummy_screen_end(m);
			gammu_error(m, e, "read SMS", err, errlen);
			return gammu_code(e);
		}
		if (sms.Number < 1 || sms.SMS[0].PDU != SMS_Deliver) {
			dummy_screen_unwanted(m, &sms);
			continue;
		}
		if (batch_keep(b, &sms) == -1) {
			/* Not kept: the next read must meet it again. */
			b->left = 1;
			break;
		}
	}
	dummy_screen_end(m);
	return 0;
}

/*
 * Reads up to one batch of waiting parts into b and returns the number of
 * reads kept; *full when the batch filled up.  A location the AT driver
 * cannot decode goes to the sweep, and the read goes on past it: Gammu's
 * cursor is the location that failed.
 */
static int
read_parts(struct modem *m, struct batch *b, int *full, struct sweep *sw,
    int resume, char *err, size_t errlen)
{
	GSM_MultiSMSMessage sms;
	GSM_Error e;
	int start = 1, last = 0, loc, rc;

	*full = 0;
	b->m = m;
	b->sw = sw;
	batch_clear(b);
	if (m->dummy) {
		if ((rc = read_dummy(m, b, resume, err, errlen)) != 0)
			return rc;
		*full = b->parts >= MODEM_READ_BATCH;
		return b->n;
	}
	memset(&sms, 0, sizeof(sms));
	for (;;) {
		if (b->parts >= MODEM_READ_BATCH) {
			*full = 1;
			break;
		}
		/* sms is not cleared between calls: its Location is the cursor. */
		e = GSM_GetNextSMS(m->sm, &sms, start);
		if (e == ERR_EMPTY) {
			sw->complete = 1;
			break;
		}
		if (e != ERR_NONE && gammu_code(e) != MODEM_RECONNECT &&
		    !gammu_aborted(m)) {
			loc = sms.SMS[0].Location;
			if (start && loc <= 0) {
				/* No list at all: each location is asked for below. */
				sw->complete = 1;
				break;
			}
			if (loc > last) {
				sweep_bad(sw, loc, e);
				last = loc;
				start = 0;
				continue;
			}
		}
		if (e != ERR_NONE) {
			gammu_error(m, e, "read SMS", err, errlen);
			return gammu_code(e);
		}
		start = 0;
		last = sms.SMS[0].Location;
		if (batch_keep(b, &sms) == -1)
			break;
	}
	if (sw->complete && b->parts < MODEM_READ_BATCH &&
	    (rc = sweep_read_each(m, sw, batch_keep, b, err, errlen)) != 0)
		return rc;
	*full |= b->parts >= MODEM_READ_BATCH;
	return b->n;
}

/* 8-bit data (a WAP push, a SIM update) is no text for a person. */
static int
is_data(const GSM_SMSMessage *sms, int number)
{
	int i;

	for (i = 0; i < number; i++)
		if (sms[i].Coding != SMS_Coding_8bit)
			return 0;
	return number > 0;
}

/*
 * The parts' UCS-2 is joined before it becomes UTF-8: a character
 * outside the BMP may have its two halves in two parts.
 */
static int
message_from(const GSM_SMSMessage *sms, int number, struct modem_sms *out)
{
	unsigned char *ucs;
	char num[GSM_MAX_NUMBER_LENGTH * 4 + 8];
	size_t units = 0, len;
	int i;

	memset(out, 0, sizeof(*out));
	EncodeUTF8(num, sms[0].Number);
	snprintf(out->sender, sizeof(out->sender), "%.31s", num);
	out->smsc_time = gammu_time(&sms[0].DateTime);
	out->parts = number;
	if ((ucs = malloc(((size_t)number * PART_UNITS + 1) * 2)) == NULL)
		return -1;
	for (i = 0; i < number; i++) {
		const GSM_SMSMessage *p = &sms[i];

		if (i < MODEM_PARTS_MAX) {
			out->locs[i].folder = p->Folder;
			out->locs[i].location = p->Location;
			out->nlocs = i + 1;
		}
		/* 8-bit data is no text for a person; it is read and dropped. */
		if (p->Coding == SMS_Coding_8bit)
			continue;
		len = UnicodeLength(p->Text);
		if (len > PART_UNITS)
			len = PART_UNITS;
		memcpy(ucs + units * 2, p->Text, len * 2);
		units += len;
	}
	ucs[units * 2] = ucs[units * 2 + 1] = 0;
	if ((out->text = malloc(units * 3 + 1)) == NULL) {
		free(ucs);
		return -1;
	}
	EncodeUTF8(out->text, ucs);
	free(ucs);
	return 0;
}

/*
 * A long SMS whose parts have not all arrived waits for the rest: for a
 * while after it was sent, and always while the batch was full (the rest
 * may be waiting behind it).
 */
static int
incomplete(const GSM_SMSMessage *sms, int number, int full)
{
	const GSM_UDHHeader *u = &sms[0].UDH;
	time_t when = gammu_time(&sms[0].DateTime);

	if (u->Type != UDH_ConcatenatedMessages &&
	    u->Type != UDH_ConcatenatedMessages16bit)
		return 0;
	if (u->AllParts <= number)
		return 0;
	return full || (when != 0 && time(NULL) - when < PART_WAIT);
}

/* Reads with no UDH at all are each a whole SMS: nothing to join. */
static int
batch_plain(const struct batch *b)
{
	int i;

	for (i = 0; i < b->parts; i++)
		if (b->part[i].UDH.Type != UDH_NoUDH)
			return 0;
	for (i = 0; i < b->n; i++)
		if (b->unit_n[i] != 1)
			return 0;
	return 1;
}

/*
 * Gammu joins parts of GSM_MultiSMSMessage each; only a batch that holds
 * parts of long SMS (or any UDH) pays for building them.  A NULL-ended
 * array of joined messages, or NULL with rc set.
 */
static GSM_MultiSMSMessage **
batch_join(struct modem *m, const struct batch *b, int *rc, char *err,
    size_t errlen)
{
	GSM_MultiSMSMessage **in, **joined;
	GSM_Error e;
	int i;

	in = calloc((size_t)b->n + 1, sizeof(*in));
	joined = calloc((size_t)b->n + 1, sizeof(*joined));
	for (i = 0; in != NULL && joined != NULL && i < b->n; i++) {
		if ((in[i] = calloc(1, sizeof(**in))) == NULL)
			break;
		in[i]->Number = b->unit_n[i];
		memcpy(in[i]->SMS, &b->part[b->unit_start[i]],
		    sizeof(in[i]->SMS[0]) * (size_t)b->unit_n[i]);
	}
	if (in == NULL || joined == NULL || i < b->n) {
		snprintf(err, errlen, "%s: out of memory", m->set.name);
		*rc = MODEM_RETRY;
		if (in != NULL)
			free_parts(in, i);
		free(in);
		free(joined);
		return NULL;
	}
	e = b->n > 0 ? GSM_LinkSMS(GSM_GetGlobalDebug(), in, joined, TRUE) :
	    ERR_NONE;
	free_parts(in, b->n);
	free(in);
	if (e != ERR_NONE) {
		gammu_error(m, e, "join SMS parts", err, errlen);
		*rc = MODEM_RETRY;
		for (i = 0; joined[i] != NULL; i++)
			free(joined[i]);
		free(joined);
		return NULL;
	}
	return joined;
}

/* One message of the batch: its parts and how many. */
struct whole {
	const GSM_SMSMessage	*sms;
	int			 number;
};

enum modem_rc
gammu_read(struct modem *m, struct modem_sms **out, size_t *nout, char *err,
    size_t errlen)
{
	GSM_MultiSMSMessage **joined = NULL;
	struct modem_sms *v;
	struct whole *w;
	struct sweep sw;
	struct batch *b;
	int n, nw = 0, i, j, k = 0, full, ready = 0, rc = 0, held = 0, resume;

	*out = NULL;
	*nout = 0;
	if (m->sm == NULL)
		return MODEM_RECONNECT;
	if (m->batch == NULL && (m->batch = calloc(1, sizeof(*b))) != NULL &&
	    (m->batch->part = calloc(BATCH_PARTS, sizeof(GSM_SMSMessage))) ==
	    NULL)
		gammu_batch_free(m);
	if ((b = m->batch) == NULL) {
		snprintf(err, errlen, "%s: out of memory", m->set.name);
		return MODEM_RETRY;
	}
	/*
	 * A burst is read on from where the last batch ended, so the files
	 * of SMS stored but not yet unlinked are not met again; any other
	 * read starts from the first file, once those are gone.
	 */
	resume = m->dummy && m->resume && m->removed == m->handed;
	m->resume = 0;
	m->handed = m->removed = 0;
	if (m->dummy && !resume && m->trash != NULL)
		dummy_trash_drain(m->trash);
	memset(&sw, 0, sizeof(sw));
	if ((n = read_parts(m, b, &full, &sw, resume, err, errlen)) < 0)
		return gammu_aborted(m) ? MODEM_RECONNECT : n;
	w = calloc((size_t)n + 1, sizeof(*w));
	v = calloc((size_t)n + 1, sizeof(*v));
	if (w == NULL || v == NULL) {
		snprintf(err, errlen, "%s: out of memory", m->set.name);
		free(w);
		free(v);
		return MODEM_RETRY;
	}
	if (batch_plain(b)) {
		for (i = 0; i < n; i++) {
			w[i].sms = &b->part[b->unit_start[i]];
			w[i].number = 1;
		}
		nw = n;
	} else if ((joined = batch_join(m, b, &rc, err, errlen)) != NULL) {
		for (i = 0; joined[i] != NULL; i++) {
			w[i].sms = joined[i]->SMS;
			w[i].number = joined[i]->Number;
		}
		nw = i;
	}
	for (i = 0; rc == 0 && i < nw; i++)
		ready += !incomplete(w[i].sms, w[i].number, full);
	/* A batch of nothing but fragments: better them than a standstill. */
	if (ready == 0)
		full = 0;
	for (i = 0; rc == 0 && i < nw; i++) {
		if (incomplete(w[i].sms, w[i].number, full)) {
			held++;
			continue;
		}
		if (is_data(w[i].sms, w[i].number)) {
			for (j = 0; j < w[i].number; j++)
				sweep_drop(&sw, w[i].sms[j].Location, "8-bit data");
			continue;
		}
		if (message_from(w[i].sms, w[i].number, &v[k]) == 0)
			k++;
		else
			held++;
	}
	for (i = 0; joined != NULL && joined[i] != NULL; i++)
		free(joined[i]);
	free(joined);
	free(w);
	*out = v;
	*nout = (size_t)k;
	if (rc == 0)
		rc = sweep_finish(m, &sw);
	m->handed = (size_t)k;
	m->resume = rc == 0 && full && held == 0 && !b->left;
	return rc == 0 && full ? MODEM_MORE : rc;
}

void
gammu_batch_free(struct modem *m)
{
	if (m->batch != NULL)
		free(m->batch->part);
	free(m->batch);
	m->batch = NULL;
}

/* The dummy's files go to a thread of their own (dummy_trash.c). */
static int
remove_dummy(struct modem *m, int location)
{
	if (m->trash == NULL)
		m->trash = dummy_trash_start(m->set.device);
	return m->trash != NULL && dummy_trash_put(m->trash, location) == 0 ?
	    0 : -1;
}

enum modem_rc
gammu_remove(struct modem *m, const struct modem_sms *s)
{
	GSM_SMSMessage sms;
	GSM_Error e;
	int i;

	if (m->sm == NULL)
		return MODEM_RECONNECT;
	for (i = 0; i < s->nlocs; i++) {
		if (m->dummy && remove_dummy(m, s->locs[i].location) == 0)
			continue;
		memset(&sms, 0, sizeof(sms));
		sms.Folder = 0;
		sms.Location = s->locs[i].location;
		e = GSM_DeleteSMS(m->sm, &sms);
		/* A part already gone is what we wanted. */
		if (e != ERR_NONE && e != ERR_EMPTY && e != ERR_INVALIDLOCATION)
			return gammu_code(e);
	}
	m->removed++;
	return gammu_aborted(m) ? MODEM_RECONNECT : 0;
}

/* The status callback comes while Gammu reads the modem's answer. */
static int
send_wait(struct modem *m)
{
	int64_t deadline = gammu_mono_ms() + m->set.timeout_seconds * 1000LL;

	while (m->send_status == -1 && gammu_mono_ms() <= deadline &&
	    !gammu_aborted(m) && GSM_IsConnected(m->sm))
		GSM_ReadDevice(m->sm, TRUE);
	return m->send_status;
}

static int
send_encode(struct modem *m, const char *utf8, GSM_MultiSMSMessage *msms,
    char *err, size_t errlen)
{
	GSM_MultiPartSMSInfo info;
	unsigned char *ucs;
	size_t len = strlen(utf8);
	GSM_Error e;

	if ((ucs = calloc(len + 1, 4)) == NULL) {
		snprintf(err, errlen, "%s: out of memory", m->set.name);
		return MODEM_RETRY;
	}
	DecodeUTF8(ucs, utf8, len);
	GSM_ClearMultiPartSMSInfo(&info);
	info.EntriesNum = 1;
	info.Entries[0].ID = SMS_ConcatenatedAutoTextLong;
	info.Entries[0].Buffer = ucs;
	memset(msms, 0, sizeof(*msms));
	e = GSM_EncodeMultiPartSMS(GSM_GetGlobalDebug(), &info, msms);
	free(ucs);
	if (e != ERR_NONE || msms->Number < 1) {
		gammu_error(m, e, "encode", err, errlen);
		return MODEM_RETRY;
	}
	return 0;
}

enum modem_rc
gammu_send(struct modem *m, const char *e164, const char *utf8, int *parts,
    char *err, size_t errlen)
{
	GSM_MultiSMSMessage msms;
	GSM_Error e;
	int i, rc;

	*parts = 0;
	if (m->sm == NULL)
		return MODEM_RECONNECT;
	if (strlen(e164) > GSM_MAX_NUMBER_LENGTH) {
		snprintf(err, errlen, "%s: number too long", m->set.name);
		return MODEM_RETRY;
	}
	if ((rc = send_encode(m, utf8, &msms, err, errlen)) != 0)
		return rc;
	if (!m->smsc_known) {
		memset(&m->smsc, 0, sizeof(m->smsc));
		m->smsc.Location = 1;
		e = GSM_GetSMSC(m->sm, &m->smsc);
		if (gammu_code(e) == MODEM_RECONNECT) {
			gammu_error(m, e, "SMSC", err, errlen);
			return MODEM_RECONNECT;
		}
		m->smsc_known = e == ERR_NONE;
	}
	for (i = 0; i < msms.Number; i++) {
		GSM_SMSMessage *p = &msms.SMS[i];

		if (m->smsc_known) {
			p->SMSC.Location = 0;
			CopyUnicodeString(p->SMSC.Number, m->smsc.Number);
		} else
			p->SMSC.Location = 1;
		EncodeUnicode(p->Number, e164, strlen(e164));
		p->PDU = SMS_Submit;
		m->send_status = -1;
		if ((e = GSM_SendSMS(m->sm, p)) != ERR_NONE) {
			gammu_error(m, e, "send", err, errlen);
			return gammu_aborted(m) ? MODEM_RECONNECT : gammu_code(e);
		}
		if ((rc = send_wait(m)) != 0) {
			snprintf(err, errlen, "%s: send: %s", m->set.name,
			    rc == -1 ? "no answer from the modem" :
			    "refused by the network");
			return rc == -1 ? MODEM_RECONNECT : MODEM_RETRY;
		}
		(*parts)++;
	}
	return gammu_aborted(m) ? MODEM_RECONNECT : 0;
}
