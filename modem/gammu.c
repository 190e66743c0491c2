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

/* Errors after which the state machine cannot be trusted again. */
int
gammu_fatal(GSM_Error e)
{
	switch (e) {
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
		return 1;
	default:
		return 0;
	}
}

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
gammu_open(const struct modem_settings *set, char *err, size_t errlen)
{
	struct modem *m;
	GSM_Config *c;
	GSM_Error e;

	pthread_once(&locales_once, locales_init);
	if ((m = calloc(1, sizeof(*m))) == NULL) {
		snprintf(err, errlen, "%s: out of memory", set->name);
		return NULL;
	}
	m->set = *set;
	m->dummy = strcmp(set->model, "dummy") == 0;
	if (m->dummy && dummy_prepare(set->device, err, errlen) == -1) {
		free(m);
		return NULL;
	}
	if ((m->sm = GSM_AllocStateMachine()) == NULL) {
		snprintf(err, errlen, "%s: out of memory", set->name);
		free(m);
		return NULL;
	}
	c = GSM_GetConfig(m->sm, 0);
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
	if (c->Device == NULL || c->Connection == NULL) {
		snprintf(err, errlen, "%s: out of memory", set->name);
		GSM_FreeStateMachine(m->sm);
		free(m);
		return NULL;
	}
	GSM_SetConfigNum(m->sm, 1);
	if ((e = GSM_InitConnection(m->sm, 1)) != ERR_NONE) {
		gammu_error(m, e, "connect", err, errlen);
		GSM_FreeStateMachine(m->sm);
		free(m);
		return NULL;
	}
	/* Sending on the dummy crashes without it (see the notes on Gammu). */
	GSM_SetSendSMSStatusCallback(m->sm, send_status, m);
	m->smsc_known = 0;
	return m;
}

static void
gammu_close(struct modem *m)
{
	if (m == NULL)
		return;
	/* After an abort every call fails; terminate and start afresh. */
	if (GSM_IsConnected(m->sm))
		GSM_TerminateConnection(m->sm);
	GSM_FreeStateMachine(m->sm);
	free(m);
}

static void
gammu_abort(struct modem *m)
{
	GSM_AbortOperation(m->sm);
}

static int
gammu_status(struct modem *m, struct modem_status *st)
{
	GSM_SignalQuality sig;
	GSM_BatteryCharge bat;
	GSM_NetworkInfo net;
	char imei[GSM_MAX_IMEI_LENGTH + 1];
	GSM_Error e;

	memset(&sig, 0, sizeof(sig));
	memset(&bat, 0, sizeof(bat));
	memset(&net, 0, sizeof(net));
	st->signal = st->battery = -1;
	e = GSM_GetSignalQuality(m->sm, &sig);
	if (e == ERR_NONE)
		st->signal = sig.SignalPercent;
	else if (gammu_fatal(e))
		return -1;
	e = GSM_GetBatteryCharge(m->sm, &bat);
	if (e == ERR_NONE)
		st->battery = bat.BatteryPercent;
	else if (gammu_fatal(e))
		return -1;
	e = GSM_GetNetworkInfo(m->sm, &net);
	if (e == ERR_NONE) {
		char name[sizeof(net.NetworkName) * 2];

		EncodeUTF8(name, net.NetworkName);
		size_t o = strlen(name) < sizeof(st->network) - 12 ?
		    strlen(name) : sizeof(st->network) - 12;

		memcpy(st->network, name, o);
		st->network[o] = '\0';
		if (o > 0)
			strcat(st->network, " ");
		strncat(st->network, net.NetworkCode, 10);
	} else if (gammu_fatal(e))
		return -1;
	memset(imei, 0, sizeof(imei));
	e = GSM_GetIMEI(m->sm, imei);
	if (e == ERR_NONE)
		snprintf(st->imei, sizeof(st->imei), "%.23s", imei);
	else if (gammu_fatal(e))
		return -1;
	return 0;
}

const struct modem_driver modem_gammu = {
	"gammu",
	gammu_open,
	gammu_read,
	gammu_remove,
	gammu_send,
	gammu_status,
	gammu_close,
	gammu_abort,
};
