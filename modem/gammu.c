/*
 * The Gammu driver: any modem libgammu speaks to (AT modems on a serial
 * port, and Gammu's dummy phone in a folder).  One state machine per
 * modem, used by one thread only: libgammu has no locking of its own.
 * This file opens, closes and reports status; gammu_sms.c moves messages.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <gammu.h>

#include "modem/gammu_private.h"

static pthread_once_t locales_once = PTHREAD_ONCE_INIT;

static void
locales_init(void)
{
	GSM_InitLocales(NULL);
}

void
gammu_error(struct modem *m, GSM_Error e, const char *what, char *err,
    size_t errlen)
{
	if (err != NULL)
		snprintf(err, errlen, "%s: %s: %s", m->set.name, what,
		    GSM_ErrorString(e));
}

/*
 * What a Gammu error means for the connection: after these the state
 * machine cannot be trusted again (an aborted one fails every later call
 * too), so the worker closes it and opens a fresh one.
 */
int
gammu_code(GSM_Error e)
{
	switch (e) {
	case ERR_NONE:
		return 0;
	case ERR_TIMEOUT:
	case ERR_ABORTED:
	case ERR_DEVICEOPENERROR:
	case ERR_DEVICENOTEXIST:
	case ERR_DEVICEREADERROR:
	case ERR_DEVICEWRITEERROR:
	case ERR_DEVICEBUSY:
	case ERR_DEVICECHANGESPEEDERROR:
	case ERR_DEVICENOPERMISSION:
	case ERR_NOTCONNECTED:
	case ERR_DEVICENODRIVER:
	case ERR_DEVICELOCKED:
	case ERR_DEVICEPARITYERROR:
	case ERR_DEVICEDTRRTSERROR:
		return MODEM_LOST;
	default:
		return MODEM_FAILED;
	}
}

int
gammu_aborted(struct modem *m)
{
	int a;

	pthread_mutex_lock(&m->lock);
	a = m->aborted;
	pthread_mutex_unlock(&m->lock);
	return a;
}

/* Called by Gammu inside GSM_SendSMS or GSM_ReadDevice, on our thread. */
static void
send_status(GSM_StateMachine *sm, int status, int ref, void *arg)
{
	struct modem *m = arg;

	(void)sm;
	(void)ref;
	m->send_status = status;
}

/* The dummy phone's folder must exist before Gammu will open it. */
static int
dummy_prepare(const char *dir, char *err, size_t errlen)
{
	char path[PATH_MAX];
	const char *p;

	for (p = dir; (p = strchr(p + 1, '/')) != NULL;) {
		snprintf(path, sizeof(path), "%.*s", (int)(p - dir), dir);
		if (mkdir(path, 0755) == -1 && errno != EEXIST)
			break;
	}
	if (mkdir(dir, 0755) == -1 && errno != EEXIST) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	return 0;
}

static struct modem *
gammu_create(const struct modem_settings *set, char *err, size_t errlen)
{
	struct modem *m;

	pthread_once(&locales_once, locales_init);
	if ((m = calloc(1, sizeof(*m))) == NULL) {
		snprintf(err, errlen, "%s: out of memory", set->name);
		return NULL;
	}
	m->set = *set;
	m->dummy = strcmp(set->model, "dummy") == 0;
	if (pthread_mutex_init(&m->lock, NULL) != 0) {
		snprintf(err, errlen, "%s: cannot make a lock", set->name);
		free(m);
		return NULL;
	}
	return m;
}

/* Our settings instead of a gammurc, so that nothing outside is read. */
static int
config_fill(GSM_Config *c, const struct modem_settings *set)
{
	snprintf(c->Model, sizeof(c->Model), "%s", set->model);
	c->DebugLevel[0] = '\0';
	free(c->Device);
	free(c->Connection);
	c->Device = strdup(set->device);
	c->Connection = strdup(set->connection);
	c->SyncTime = FALSE;
	c->LockDevice = FALSE;
	c->StartInfo = FALSE;
	c->UseGlobalDebugFile = FALSE;
	snprintf(c->TextReminder, sizeof(c->TextReminder), "Reminder");
	snprintf(c->TextMeeting, sizeof(c->TextMeeting), "Meeting");
	snprintf(c->TextCall, sizeof(c->TextCall), "Call");
	snprintf(c->TextBirthday, sizeof(c->TextBirthday), "Birthday");
	snprintf(c->TextMemo, sizeof(c->TextMemo), "Memo");
	return c->Device == NULL || c->Connection == NULL ? -1 : 0;
}

static void
gammu_close(struct modem *m)
{
	GSM_StateMachine *sm;

	pthread_mutex_lock(&m->lock);
	sm = m->sm;
	m->sm = NULL;
	m->aborted = 0;
	pthread_mutex_unlock(&m->lock);
	if (sm == NULL)
		return;
	if (GSM_IsConnected(sm))
		GSM_TerminateConnection(sm);
	GSM_FreeStateMachine(sm);
	m->smsc_known = 0;
}

/*
 * A fresh state machine every time: one that was aborted fails every
 * later call.  It is published before connecting, so that an abort can
 * cut a connection attempt short as well (Gammu's own limit is ~30 s).
 */
static int
gammu_open(struct modem *m, char *err, size_t errlen)
{
	GSM_StateMachine *sm;
	GSM_Error e;
	int aborted;

	if (m->sm != NULL)
		gammu_close(m);
	if (m->dummy && dummy_prepare(m->set.device, err, errlen) == -1)
		return -1;
	if ((sm = GSM_AllocStateMachine()) == NULL) {
		snprintf(err, errlen, "%s: out of memory", m->set.name);
		return -1;
	}
	if (config_fill(GSM_GetConfig(sm, 0), &m->set) == -1) {
		snprintf(err, errlen, "%s: out of memory", m->set.name);
		GSM_FreeStateMachine(sm);
		return -1;
	}
	GSM_SetConfigNum(sm, 1);
	pthread_mutex_lock(&m->lock);
	m->sm = sm;
	aborted = m->aborted;
	pthread_mutex_unlock(&m->lock);
	if (aborted)
		GSM_AbortOperation(sm);
	if ((e = GSM_InitConnection(sm, 1)) != ERR_NONE) {
		gammu_error(m, e, "connect", err, errlen);
		gammu_close(m);
		return -1;
	}
	/* Sending on the dummy crashes without it (see the notes on Gammu). */
	GSM_SetSendSMSStatusCallback(sm, send_status, m);
	m->smsc_known = 0;
	/* Another connection may be another SIM. */
	sweep_forget(m);
	return 0;
}

static void
gammu_abort(struct modem *m)
{
	pthread_mutex_lock(&m->lock);
	m->aborted = 1;
	if (m->sm != NULL)
		GSM_AbortOperation(m->sm);
	pthread_mutex_unlock(&m->lock);
}

static void
gammu_destroy(struct modem *m)
{
	if (m == NULL)
		return;
	gammu_close(m);
	gammu_batch_free(m);
	pthread_mutex_destroy(&m->lock);
	free(m);
}

/* Each reading is optional; only a lost connection fails the whole. */
static int
gammu_status(struct modem *m, struct modem_status *st)
{
	GSM_SignalQuality sig;
	GSM_BatteryCharge bat;
	GSM_NetworkInfo net;
	char imei[GSM_MAX_IMEI_LENGTH + 1], name[sizeof(net.NetworkName) * 2];
	GSM_Error e;

	if (m->sm == NULL)
		return MODEM_LOST;
	memset(&sig, 0, sizeof(sig));
	memset(&bat, 0, sizeof(bat));
	memset(&net, 0, sizeof(net));
	st->signal = st->battery = -1;
	if ((e = GSM_GetSignalQuality(m->sm, &sig)) == ERR_NONE)
		st->signal = sig.SignalPercent;
	else if (gammu_code(e) == MODEM_LOST)
		return MODEM_LOST;
	if ((e = GSM_GetBatteryCharge(m->sm, &bat)) == ERR_NONE)
		st->battery = bat.BatteryPercent;
	else if (gammu_code(e) == MODEM_LOST)
		return MODEM_LOST;
	if ((e = GSM_GetNetworkInfo(m->sm, &net)) == ERR_NONE) {
		EncodeUTF8(name, net.NetworkName);
		snprintf(st->network, sizeof(st->network), "%.30s%s%.10s", name,
		    name[0] != '\0' ? " " : "", net.NetworkCode);
	} else if (gammu_code(e) == MODEM_LOST)
		return MODEM_LOST;
	memset(imei, 0, sizeof(imei));
	if ((e = GSM_GetIMEI(m->sm, imei)) == ERR_NONE)
		snprintf(st->imei, sizeof(st->imei), "%.23s", imei);
	else if (gammu_code(e) == MODEM_LOST)
		return MODEM_LOST;
	return gammu_aborted(m) ? MODEM_LOST : 0;
}

static int64_t
gammu_discarded(struct modem *m)
{
	return m->discarded;
}

const struct modem_driver modem_gammu = {
	"gammu",
	gammu_create,
	gammu_open,
	gammu_read,
	gammu_remove,
	gammu_send,
	gammu_status,
	gammu_close,
	gammu_abort,
	gammu_destroy,
	gammu_discarded,
};
