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
#include <time.h>

#include <gammu.h>

#include "modem/gammu_private.h"

/*
 * GSM_InitLocales calls setlocale(), which no other thread may run
 * beside; so it is called once, from main, before any thread starts.
 */
static void
gammu_init(void)
{
	GSM_InitLocales(NULL);
}

int64_t
gammu_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
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
enum modem_rc
gammu_code(GSM_Error e)
{
	switch (e) {
	case ERR_NONE:
		return MODEM_OK;
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
		return MODEM_RECONNECT;
	default:
		return MODEM_RETRY;
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
 * Gammu's frame dump, on while connecting only: each frame the modem
 * sends back is an answer, which is how the watchdog tells a slow
 * connect (many exchanges, fixed pauses) from a modem that says nothing.
 */
static void
connect_heard(const char *text, void *arg)
{
	struct modem *m = arg;

	if (strstr(text, "RECEIVED frame") == NULL)
		return;
	pthread_mutex_lock(&m->lock);
	m->heard_ms = gammu_mono_ms();
	pthread_mutex_unlock(&m->lock);
}

/*
 * A fresh state machine every time: one that was aborted fails every
 * later call.  It is published before connecting, so that an abort can
 * cut a connection attempt short as well (Gammu's own limit is ~30 s).
 */
static enum modem_rc
gammu_open(struct modem *m, char *err, size_t errlen)
{
	GSM_StateMachine *sm;
	GSM_Config *c;
	GSM_Error e;
	int aborted;

	if (m->sm != NULL)
		gammu_close(m);
	if (m->dummy && dummy_prepare(m->set.device, err, errlen) == -1)
		return MODEM_RECONNECT;
	if ((sm = GSM_AllocStateMachine()) == NULL) {
		snprintf(err, errlen, "%s: out of memory", m->set.name);
		return MODEM_RECONNECT;
	}
	c = GSM_GetConfig(sm, 0);
	if (config_fill(c, &m->set) == -1) {
		snprintf(err, errlen, "%s: out of memory", m->set.name);
		GSM_FreeStateMachine(sm);
		return MODEM_RECONNECT;
	}
	snprintf(c->DebugLevel, sizeof(c->DebugLevel), "text");
	GSM_SetConfigNum(sm, 1);
	pthread_mutex_lock(&m->lock);
	m->sm = sm;
	m->heard_ms = 0;
	aborted = m->aborted;
	pthread_mutex_unlock(&m->lock);
	if (aborted)
		GSM_AbortOperation(sm);
	e = GSM_InitConnection_Log(sm, 1, connect_heard, m);
	/* The dump costs a formatted line a frame: off once connected. */
	GSM_SetDebugLevel("nothing", GSM_GetDebug(sm));
	if (e != ERR_NONE) {
		gammu_error(m, e, "connect", err, errlen);
		gammu_close(m);
		return MODEM_RECONNECT;
	}
	/* Sending on the dummy crashes without it (see the notes on Gammu). */
	GSM_SetSendSMSStatusCallback(sm, send_status, m);
	m->smsc_known = 0;
	/* Another connection may be another SIM, or another phone folder. */
	sweep_forget(m);
	m->resume = 0;
	return MODEM_OK;
}

static int64_t
gammu_heard(struct modem *m)
{
	int64_t ms;

	pthread_mutex_lock(&m->lock);
	ms = m->heard_ms;
	pthread_mutex_unlock(&m->lock);
	return ms;
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
	/* Every file queued is unlinked before the modem goes. */
	dummy_trash_stop(m->trash);
	free(m->screen_buf);
	pthread_mutex_destroy(&m->lock);
	free(m);
}

/* Each reading is optional; only a lost connection fails the whole. */
static enum modem_rc
gammu_status(struct modem *m, struct modem_status *st)
{
	GSM_SignalQuality sig;
	GSM_BatteryCharge bat;
	GSM_NetworkInfo net;
	char imei[GSM_MAX_IMEI_LENGTH + 1], name[sizeof(net.NetworkName) * 2];
	GSM_Error e;

	if (m->sm == NULL)
		return MODEM_RECONNECT;
	memset(&sig, 0, sizeof(sig));
	memset(&bat, 0, sizeof(bat));
	memset(&net, 0, sizeof(net));
	st->signal = st->battery = -1;
	if ((e = GSM_GetSignalQuality(m->sm, &sig)) == ERR_NONE)
		st->signal = sig.SignalPercent;
	else if (gammu_code(e) == MODEM_RECONNECT)
		return MODEM_RECONNECT;
	if ((e = GSM_GetBatteryCharge(m->sm, &bat)) == ERR_NONE)
		st->battery = bat.BatteryPercent;
	else if (gammu_code(e) == MODEM_RECONNECT)
		return MODEM_RECONNECT;
	if ((e = GSM_GetNetworkInfo(m->sm, &net)) == ERR_NONE) {
		EncodeUTF8(name, net.NetworkName);
		snprintf(st->network, sizeof(st->network), "%.30s%s%.10s", name,
		    name[0] != '\0' ? " " : "", net.NetworkCode);
	} else if (gammu_code(e) == MODEM_RECONNECT)
		return MODEM_RECONNECT;
	memset(imei, 0, sizeof(imei));
	if ((e = GSM_GetIMEI(m->sm, imei)) == ERR_NONE)
		snprintf(st->imei, sizeof(st->imei), "%.23s", imei);
	else if (gammu_code(e) == MODEM_RECONNECT)
		return MODEM_RECONNECT;
	return gammu_aborted(m) ? MODEM_RECONNECT : MODEM_OK;
}

static int64_t
gammu_discarded(struct modem *m)
{
	return m->discarded;
}

const struct modem_driver modem_gammu = {
	.name = "gammu",
	.init = gammu_init,
	.create = gammu_create,
	.open = gammu_open,
	.read = gammu_read,
	.remove = gammu_remove,
	.send = gammu_send,
	.status = gammu_status,
	.close = gammu_close,
	.abort = gammu_abort,
	.destroy = gammu_destroy,
	.discarded = gammu_discarded,
	.heard = gammu_heard,
};
