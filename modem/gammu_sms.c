/*
 * Reading, deleting and sending SMS through libgammu.  Parts of a long SMS
 * are joined with GSM_LinkSMS before anything sees them; a file the dummy
 * phone cannot parse is moved aside so it cannot stop every later read.
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

#define READ_MAX	MODEM_READ_BATCH	/* parts taken in one read */
#define QUARANTINE_MAX	16	/* bad files set aside in one read */
#define PART_WAIT	300	/* seconds to wait for the rest of a long SMS */
#define UTF8_MAX	(GSM_MAX_SMS_LENGTH * 4 + 1)

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

/*
 * The dummy keeps one file a message, named by its number, in folders
 * sms/1..5; its Location is number + folder * 10000.  The file after the
 * last one read is the one Gammu choked on.
 */
static int
dummy_quarantine(struct modem *m, int last_location)
{
	char dir[PATH_MAX + 16], from[PATH_MAX + 32], to[PATH_MAX + 64];
	int folder = last_location / 10000, after = last_location % 10000;
	int f, best, n;
	struct dirent *de;
	DIR *dp;

	if (folder < 1) {
		folder = 1;
		after = 0;
	}
	for (f = folder; f <= 5; f++, after = 0) {
		snprintf(dir, sizeof(dir), "%s/sms/%d", m->set.device, f);
		if ((dp = opendir(dir)) == NULL)
			continue;
		best = -1;
		while ((de = readdir(dp)) != NULL) {
			char *end;

			n = (int)strtol(de->d_name, &end, 10);
			if (*end == '\0' && de->d_name[0] != '\0' && n > after &&
			    (best == -1 || n < best))
				best = n;
		}
		closedir(dp);
		if (best == -1)
			continue;
		snprintf(to, sizeof(to), "%s/sms/quarantine", m->set.device);
		if (mkdir(to, 0755) == -1 && errno != EEXIST)
			return -1;
		snprintf(from, sizeof(from), "%s/%d", dir, best);
		snprintf(to, sizeof(to), "%s/sms/quarantine/%d-%d-%ld",
		    m->set.device, f, best, (long)time(NULL));
		if (rename(from, to) == -1)
			return -1;
		fprintf(stderr, "%s: unreadable SMS file %s moved to %s\n",
		    m->set.name, from, to);
		return 0;
	}
	return -1;
}

static void
free_parts(GSM_MultiSMSMessage **v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(v[i]);
}

/* Reads every waiting part into a NULL-ended array; returns the count. */
static int
read_parts(struct modem *m, GSM_MultiSMSMessage ***out, char *err, size_t errlen)
{
	GSM_MultiSMSMessage sms, **v;
	GSM_Error e;
	int n = 0, start = 1, quarantined = 0, last = 0;

	if ((v = calloc(READ_MAX + 1, sizeof(*v))) == NULL)
		return -1;
	memset(&sms, 0, sizeof(sms));
	while (n < READ_MAX) {
		/* sms is not cleared between calls: its Location is the cursor. */
		e = GSM_GetNextSMS(m->sm, &sms, start ? TRUE : FALSE);
		if (e == ERR_EMPTY)
			break;
		if (e != ERR_NONE && m->dummy && !gammu_fatal(e) &&
		    quarantined < QUARANTINE_MAX &&
		    dummy_quarantine(m, start ? 0 : last) == 0) {
			quarantined++;
			free_parts(v, n);
			memset(v, 0, sizeof(*v) * (READ_MAX + 1));
			n = 0;
			start = 1;
			memset(&sms, 0, sizeof(sms));
			continue;
		}
		if (e != ERR_NONE) {
			gammu_error(m, e, "read SMS", err, errlen);
			free_parts(v, n);
			free(v);
			return gammu_fatal(e) ? -2 : -1;
		}
		start = 0;
		last = sms.SMS[0].Location;
		if (sms.Number < 1 || sms.SMS[0].PDU != SMS_Deliver)
			continue;
		if ((v[n] = malloc(sizeof(**v))) == NULL)
			break;
		memcpy(v[n], &sms, sizeof(sms));
		n++;
	}
	*out = v;
	return n;
}

static int
message_from(struct modem *m, const GSM_MultiSMSMessage *ms, struct modem_sms *out)
{
	char *text, part[UTF8_MAX];
	size_t len = 0, plen;
	int i;

	(void)m;
	memset(out, 0, sizeof(*out));
	EncodeUTF8(part, ms->SMS[0].Number);
	snprintf(out->sender, sizeof(out->sender), "%.31s", part);
	out->smsc_time = gammu_time(&ms->SMS[0].DateTime);
	out->parts = ms->Number;
	if ((text = malloc((size_t)ms->Number * UTF8_MAX + 1)) == NULL)
		return -1;
	text[0] = '\0';
	for (i = 0; i < ms->Number; i++) {
		const GSM_SMSMessage *p = &ms->SMS[i];

		if (i < MODEM_PARTS_MAX) {
			out->locs[i].folder = p->Folder;
			out->locs[i].location = p->Location;
			out->nlocs = i + 1;
		}
		/* 8-bit data is no text for a person; it is read and dropped. */
		if (p->Coding == SMS_Coding_8bit)
			continue;
		EncodeUTF8(part, p->Text);
		plen = strlen(part);
		memcpy(text + len, part, plen + 1);
		len += plen;
	}
	out->text = text;
	return 0;
}

/* A long SMS whose parts have not all arrived is left for a later read. */
static int
incomplete(const GSM_MultiSMSMessage *ms)
{
	const GSM_UDHHeader *u = &ms->SMS[0].UDH;
	time_t when = gammu_time(&ms->SMS[0].DateTime);

	if (u->Type != UDH_ConcatenatedMessages &&
	    u->Type != UDH_ConcatenatedMessages16bit)
		return 0;
	if (u->AllParts <= ms->Number)
		return 0;
	return when != 0 && time(NULL) - when < PART_WAIT;
}

int
gammu_read(struct modem *m, struct modem_sms **out, size_t *nout, char *err,
    size_t errlen)
{
	GSM_MultiSMSMessage **parts, **joined;
	struct modem_sms *v;
	GSM_Error e;
	int n, i, k = 0;

	*out = NULL;
	*nout = 0;
	if ((n = read_parts(m, &parts, err, errlen)) < 0)
		return -1;
	if (n == 0) {
		free(parts);
		return 0;
	}
	joined = calloc((size_t)n + 1, sizeof(*joined));
	v = calloc((size_t)n, sizeof(*v));
	if (joined == NULL || v == NULL) {
		free(joined);
		free(v);
		free_parts(parts, n);
		free(parts);
		return -1;
	}
	e = GSM_LinkSMS(GSM_GetGlobalDebug(), parts, joined, TRUE);
	if (e != ERR_NONE)
		gammu_error(m, e, "join SMS parts", err, errlen);
	for (i = 0; e == ERR_NONE && joined[i] != NULL; i++) {
		if (!incomplete(joined[i]) && message_from(m, joined[i], &v[k]) == 0)
			k++;
		free(joined[i]);
	}
	for (; joined[i] != NULL; i++)
		free(joined[i]);
	free(joined);
	free_parts(parts, n);
	free(parts);
	*out = v;
	*nout = (size_t)k;
	return e == ERR_NONE ? 0 : -1;
}

int
gammu_remove(struct modem *m, const struct modem_sms *s)
{
	GSM_SMSMessage sms;
	GSM_Error e;
	int i;

	for (i = 0; i < s->nlocs; i++) {
		memset(&sms, 0, sizeof(sms));
		sms.Folder = 0;
		sms.Location = s->locs[i].location;
		e = GSM_DeleteSMS(m->sm, &sms);
		/* A part already gone is what we wanted. */
		if (e != ERR_NONE && e != ERR_EMPTY && e != ERR_INVALIDLOCATION)
			return gammu_fatal(e) ? -2 : -1;
	}
	return 0;
}

int
gammu_send(struct modem *m, const char *e164, const char *utf8, int *parts,
    char *err, size_t errlen)
{
	GSM_MultiPartSMSInfo info;
	GSM_MultiSMSMessage msms;
	unsigned char *ucs;
	size_t len = strlen(utf8);
	GSM_Error e;
	time_t deadline;
	int i;

	*parts = 0;
	if ((ucs = calloc(len + 1, 4)) == NULL)
		return -1;
	DecodeUTF8(ucs, utf8, len);
	GSM_ClearMultiPartSMSInfo(&info);
	info.EntriesNum = 1;
	info.Entries[0].ID = SMS_ConcatenatedAutoTextLong;
	info.Entries[0].Buffer = ucs;
	memset(&msms, 0, sizeof(msms));
	e = GSM_EncodeMultiPartSMS(GSM_GetGlobalDebug(), &info, &msms);
	free(ucs);
	if (e != ERR_NONE) {
		gammu_error(m, e, "encode", err, errlen);
		return -1;
	}
	if (!m->smsc_known) {
		memset(&m->smsc, 0, sizeof(m->smsc));
		m->smsc.Location = 1;
		e = GSM_GetSMSC(m->sm, &m->smsc);
		if (e != ERR_NONE && gammu_fatal(e)) {
			gammu_error(m, e, "SMSC", err, errlen);
			return -2;
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
			return gammu_fatal(e) ? -2 : -1;
		}
		deadline = time(NULL) + m->set.timeout_seconds;
		while (m->send_status == -1 && time(NULL) <= deadline)
			GSM_ReadDevice(m->sm, TRUE);
		if (m->send_status != 0) {
			snprintf(err, errlen, "%s: send: %s", m->set.name,
			    m->send_status == -1 ? "no answer from the modem" :
			    "refused by the network");
			return m->send_status == -1 ? -2 : -1;
		}
		(*parts)++;
	}
	return 0;
}
