/*
 * One modem, one thread.  The worker owns the driver's state and is the
 * only thread that calls it, except for abort(); the loop reaches it
 * through the queues in struct modem_worker, under one mutex, and is
 * woken through wake_fd.  A watchdog thread aborts a call that hangs past
 * its budget, after which the worker throws the connection away and opens
 * a fresh one after a doubling pause, while every other modem carries on.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "modem/modem.h"

#define BACKOFF_FIRST_MS	1000
#define BACKOFF_MAX_MS		60000
#define WATCHDOG_TICK_MS	200
#define WATCHDOG_IDLE_MS	60000	/* no call in hand: op_begin wakes it */
/*
 * Send results wait this long (or this many) for the next send when it
 * follows at once: the loop records each handful it takes in one
 * durable commit, and a commit for every result or two made the disk
 * the bottleneck of a burst.
 */
#define RESULTS_HOLD_MS		20
#define RESULTS_HOLD_MAX	64

/*
 * A send carries its own result from the start: once submitted it moves
 * from the send queue to the result queue, and nothing on the way needs
 * memory it might not get.
 */
struct send_job {
	int64_t			 id;
	char			 phone[24];
	char			*text;
	struct modem_result	 result;
	struct send_job		*next;
};

struct sms_list {
	struct modem_sms	*v;
	size_t			 n, cap;
};

struct modem_worker {
	const struct modem_driver *drv;
	struct modem_settings	 set;
	int			 wake_fd;
	pthread_t		 thread, watchdog;
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;		/* the worker's */
	/*
	 * The watchdog's own, signalled only when it sleeps the long sleep:
	 * waking it for every call of a burst cost a switch each.
	 */
	pthread_cond_t		 wd_cv;
	int			 wd_idle;
	int			 stop;

	struct modem		*m;		/* the worker calls it, unlocked */
	int			 connected;
	struct sms_list		 received;	/* for the loop to take */
	struct sms_list		 acked;		/* stored: delete from the phone */
	size_t			 outstanding;	/* received, not yet acked */
	struct send_job		*head, *tail;
	int			 queued, in_hand;
	struct send_job		*rhead, *rtail;	/* results for the loop */
	int			 held;		/* results it was not woken for */
	int64_t			 held_since;
	struct modem_status	 st;

	int			 in_op, aborted;
	int			 op_connect;	/* timed from the modem's last answer */
	int64_t			 op_started, op_budget;
	int64_t			 next_open, next_poll, next_status, next_send;
	int64_t			 backoff;
};

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits on cv until signalled or ms have passed (the cv runs on CLOCK_MONOTONIC). */
static void
wait_ms(struct modem_worker *w, pthread_cond_t *cv, int64_t ms)
{
	struct timespec ts;

	if (ms < 0)
		ms = 0;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (ms % 1000) * 1000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	pthread_cond_timedwait(cv, &w->mu, &ts);
}

static void
wake(struct modem_worker *w)
{
	uint64_t one = 1;

	w->held = 0;
	/* An eventfd counts; a full pipe already means "look". */
	if (write(w->wake_fd, &one, sizeof(one)) == -1 && errno != EAGAIN)
		log_warnx("%s: wake: %s", w->set.name, strerror(errno));
}

static int
list_push(struct sms_list *l, struct modem_sms *v, size_t n)
{
	struct modem_sms *nv;

	if (l->n + n > l->cap) {
		size_t cap = (l->n + n) * 2;

		if ((nv = realloc(l->v, cap * sizeof(*nv))) == NULL)
			return -1;
		l->v = nv;
		l->cap = cap;
	}
	memcpy(l->v + l->n, v, n * sizeof(*v));
	l->n += n;
	return 0;
}

/*
 * Counted every time; logged when it differs from the last one.  What
 * our own stop cut short is no error.
 */
static void
error_note(struct modem_worker *w, const char *err)
{
	if (w->stop)
		return;
	w->st.errors++;
	if (strncmp(w->st.last_error, err, sizeof(w->st.last_error) - 1) != 0)
		log_warnx("%s", err);
	snprintf(w->st.last_error, sizeof(w->st.last_error), "%.95s", err);
}

/* Results are never dropped: the loop waits on every id it submitted. */
static void
result_push(struct modem_worker *w, struct send_job *j, int ok, int parts,
    const char *err)
{
	struct modem_result *r = &j->result;

	r->id = j->id;
	r->ok = ok;
	r->parts = parts;
	r->permanent = 0;	/* a modem's failure may pass: retried */
	snprintf(r->error, sizeof(r->error), "%.95s", err ? err : "");
	free(j->text);
	j->text = NULL;
	j->next = NULL;
	if (w->rtail != NULL)
		w->rtail->next = j;
	else
		w->rhead = j;
	w->rtail = j;
}

/* A modem that is not connected cannot hold sends: give them back. */
static void
sends_fail_all(struct modem_worker *w, const char *why)
{
	struct send_job *j;

	while ((j = w->head) != NULL) {
		w->head = j->next;
		result_push(w, j, 0, 0, why);
	}
	w->tail = NULL;
	w->queued = 0;
}

/*
 * A driver call runs unlocked, so the loop is never held up by a modem;
 * op_begin is called with the lock held and op_end returns with it held,
 * telling whether the watchdog (or stop) aborted the call.
 */
static void
op_begin(struct modem_worker *w, int64_t budget_ms)
{
	w->in_op = 1;
	w->aborted = 0;
	w->op_started = now_ms();
	w->op_budget = budget_ms;
	/* Ticking, it sees this call within a tick anyway. */
	if (w->wd_idle)
		pthread_cond_signal(&w->wd_cv);
	pthread_mutex_unlock(&w->mu);
}

static int
op_end(struct modem_worker *w, enum modem_rc rc)
{
	pthread_mutex_lock(&w->mu);
	w->in_op = 0;
	w->op_connect = 0;
	if ((rc == MODEM_OK || rc == MODEM_MORE) && !w->aborted)
		w->st.last_contact = time(NULL);
	return w->aborted;
}

static int64_t
call_budget(struct modem_worker *w)
{
	return (int64_t)w->set.timeout_seconds * 1000;
}

static void
backoff_next(struct modem_worker *w)
{
	w->next_open = now_ms() + w->backoff;
	w->backoff = w->backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS :
	    w->backoff * 2;
}

static void
disconnect(struct modem_worker *w, const char *why)
{
	w->connected = 0;
	w->st.connected = 0;
	backoff_next(w);
	error_note(w, why);
	sends_fail_all(w, why);
	wake(w);
	pthread_mutex_unlock(&w->mu);
	w->drv->close(w->m);
	pthread_mutex_lock(&w->mu);
}

static void
step_open(struct modem_worker *w)
{
	char err[256] = "";
	enum modem_rc rc;

	w->op_connect = 1;
	op_begin(w, call_budget(w));
	rc = w->drv->open(w->m, err, sizeof(err));
	op_end(w, rc);
	if (rc != MODEM_OK) {
		w->drv->close(w->m);
		backoff_next(w);
		error_note(w, err[0] != '\0' ? err : "cannot open the modem");
		return;
	}
	w->connected = 1;
	w->st.connected = 1;
	w->backoff = BACKOFF_FIRST_MS;
	w->next_poll = w->next_status = now_ms();
	wake(w);
}

/* One op a message: a backlog's deletes together may well pass a budget. */
static void
step_remove(struct modem_worker *w)
{
	struct modem_sms s = w->acked.v[--w->acked.n];
	enum modem_rc rc;
	int aborted;

	op_begin(w, call_budget(w));
	rc = w->drv->remove(w->m, &s);
	aborted = op_end(w, rc);
	if (w->outstanding > 0)
		w->outstanding--;
	free(s.text);
	if (w->acked.n == 0) {
		free(w->acked.v);
		memset(&w->acked, 0, sizeof(w->acked));
	}
	if (rc == MODEM_RECONNECT || aborted)
		disconnect(w, aborted ? "modem stopped answering while deleting SMS" :
		    "modem lost while deleting SMS");
	else if (rc != MODEM_OK)
		/* Left on the phone: read again, and dropped as a copy. */
		error_note(w, "an SMS could not be deleted from the modem");
}

/* How many parts a text may become: UCS-2 parts of one byte a unit, at least. */
static int64_t
send_budget(struct modem_worker *w, const char *text)
{
	return call_budget(w) * (int64_t)(1 + strlen(text) / 67);
}

static void
step_send(struct modem_worker *w)
{
	struct send_job *j = w->head;
	char err[256] = "", who[LOG_PHONE_LEN];
	enum modem_rc rc;
	int parts = 0, aborted;

	w->head = j->next;
	if (w->head == NULL)
		w->tail = NULL;
	w->queued--;
	w->in_hand = 1;
	op_begin(w, send_budget(w, j->text));
	rc = w->drv->send(w->m, j->phone, j->text, &parts, err, sizeof(err));
	aborted = op_end(w, rc);
	w->in_hand = 0;
	if (aborted && rc == MODEM_OK)
		rc = MODEM_RECONNECT;
	log_phone(j->phone, who, sizeof(who));
	if (rc == MODEM_OK) {
		w->st.sent++;
		log_info("%s: sent to %s (%d part%s)", w->set.name, who, parts,
		    parts == 1 ? "" : "s");
	} else
		log_info("%s: not sent to %s: %s", w->set.name, who,
		    aborted ? (w->stop ? "stopping" : "modem stopped answering") :
		    err);
	result_push(w, j, rc == MODEM_OK, parts, rc == MODEM_OK ? NULL :
	    aborted ? "modem stopped answering" : err);
	/* The rate counts parts: a long SMS costs as much as its parts. */
	if (w->set.send_per_minute > 0)
		w->next_send = now_ms() + (parts > 1 ? parts : 1) * 60000 /
		    w->set.send_per_minute;
	if (w->held++ == 0)
		w->held_since = now_ms();
	if (w->head == NULL || now_ms() < w->next_send || rc != MODEM_OK ||
	    w->held >= RESULTS_HOLD_MAX ||
	    now_ms() - w->held_since >= RESULTS_HOLD_MS)
		wake(w);
	if (rc == MODEM_RECONNECT)
		disconnect(w, aborted ? "modem stopped answering while sending;"
		    " reconnecting" : err);
}

static void
step_read(struct modem_worker *w)
{
	struct modem_sms *v = NULL;
	char err[256] = "";
	size_t n = 0;
	enum modem_rc rc;
	int aborted;

	op_begin(w, call_budget(w));
	rc = w->drv->read(w->m, &v, &n, err, sizeof(err));
	aborted = op_end(w, rc);
	/* What the read deleted unread shows in status at once. */
	if (w->drv->discarded != NULL &&
	    w->drv->discarded(w->m) != w->st.discarded) {
		w->st.discarded = w->drv->discarded(w->m);
		wake(w);
	}
	/* More waiting: read again as soon as this batch is acked. */
	w->next_poll = rc == MODEM_MORE ? now_ms() : now_ms() + w->set.poll_ms;
	if ((rc == MODEM_OK || rc == MODEM_MORE) && !aborted) {
		if (n == 0 || list_push(&w->received, v, n) == 0) {
			w->outstanding += n;
			w->st.received += (int64_t)n;
			free(v);
			if (n > 0)
				wake(w);
			return;
		}
		rc = MODEM_RETRY;
		snprintf(err, sizeof(err), "%s: out of memory", w->set.name);
	}
	modem_sms_free(v, n);
	if (aborted || rc == MODEM_RECONNECT)
		disconnect(w, aborted ? "modem stopped answering while reading" : err);
	else
		error_note(w, err);
}

static void
step_status(struct modem_worker *w)
{
	struct modem_status st;
	enum modem_rc rc;
	int aborted;

	memset(&st, 0, sizeof(st));
	op_begin(w, call_budget(w));
	rc = w->drv->status(w->m, &st);
	aborted = op_end(w, rc);
	w->next_status = now_ms() + w->set.status_ms;
	if (rc == MODEM_OK && !aborted) {
		w->st.signal = st.signal;
		w->st.battery = st.battery;
		memcpy(w->st.network, st.network, sizeof(st.network));
		memcpy(w->st.imei, st.imei, sizeof(st.imei));
	} else if (rc == MODEM_RECONNECT || aborted)
		disconnect(w, "modem stopped answering status requests");
}

/* Deletes first (they free the inbox), then sends, reads, status. */
static void *
worker_main(void *arg)
{
	struct modem_worker *w = arg;
	int64_t now, until;

	pthread_mutex_lock(&w->mu);
	while (!w->stop) {
		now = now_ms();
		if (!w->connected) {
			if (now >= w->next_open) {
				step_open(w);
				continue;
			}
			until = w->next_open;
		} else if (w->acked.n > 0) {
			step_remove(w);
			continue;
		} else if (w->head != NULL && now >= w->next_send) {
			step_send(w);
			continue;
		} else if (now >= w->next_poll && w->outstanding == 0) {
			step_read(w);
			continue;
		} else if (now >= w->next_status) {
			step_status(w);
			continue;
		} else {
			until = w->next_status;
			if (w->outstanding == 0 && w->next_poll < until)
				until = w->next_poll;
			if (w->head != NULL && w->next_send < until)
				until = w->next_send;
		}
		/* Nothing follows at once: what is held goes now. */
		if (w->held > 0)
			wake(w);
		wait_ms(w, &w->cv, until - now);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

/*
 * libgammu can block for minutes on a modem that stopped answering; the
 * only way out is an abort from another thread.
 */
static void *
watchdog_main(void *arg)
{
	struct modem_worker *w = arg;
	int64_t since, heard;

	pthread_mutex_lock(&w->mu);
	while (!w->stop) {
		since = w->op_started;
		if (w->in_op && w->op_connect && w->drv->heard != NULL &&
		    (heard = w->drv->heard(w->m)) > since)
			since = heard;
		if (w->in_op && !w->aborted && now_ms() - since > w->op_budget) {
			w->aborted = 1;
			log_warnx("%s: no answer in %lld s; aborting the call",
			    w->set.name, (long long)(w->op_budget / 1000));
			w->drv->abort(w->m);
		}
		w->wd_idle = !w->in_op;
		wait_ms(w, &w->wd_cv, w->in_op ? WATCHDOG_TICK_MS :
		    WATCHDOG_IDLE_MS);
		w->wd_idle = 0;
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

static int
sync_init(struct modem_worker *w)
{
	pthread_condattr_t ca;
	int rc;

	if (pthread_mutex_init(&w->mu, NULL) != 0)
		return -1;
	if (pthread_condattr_init(&ca) != 0) {
		pthread_mutex_destroy(&w->mu);
		return -1;
	}
	rc = -1;
	if (pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) == 0 &&
	    pthread_cond_init(&w->cv, &ca) == 0) {
		if (pthread_cond_init(&w->wd_cv, &ca) == 0)
			rc = 0;
		else
			pthread_cond_destroy(&w->cv);
	}
	pthread_condattr_destroy(&ca);
	if (rc == -1)
		pthread_mutex_destroy(&w->mu);
	return rc;
}

static void
worker_free(struct modem_worker *w)
{
	struct send_job *j;

	while ((j = w->head) != NULL) {
		w->head = j->next;
		free(j->text);
		free(j);
	}
	while ((j = w->rhead) != NULL) {
		w->rhead = j->next;
		free(j);
	}
	modem_sms_free(w->received.v, w->received.n);
	modem_sms_free(w->acked.v, w->acked.n);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->cv);
	pthread_cond_destroy(&w->wd_cv);
	w->drv->destroy(w->m);
	free(w);
}

/*
 * Both threads start with every signal blocked (a thread inherits its
 * creator's mask), so SIGTERM and SIGHUP always reach the loop's thread
 * and never interrupt a driver call.  0, or -1 with nothing started.
 */
static int
threads_start(struct modem_worker *w)
{
	sigset_t all, old;
	int rc = -1;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	if (pthread_create(&w->thread, NULL, worker_main, w) == 0) {
		if (pthread_create(&w->watchdog, NULL, watchdog_main, w) == 0)
			rc = 0;
		else {
			pthread_mutex_lock(&w->mu);
			w->stop = 1;
			pthread_cond_broadcast(&w->cv);
			pthread_mutex_unlock(&w->mu);
			pthread_join(w->thread, NULL);
			if (w->connected)
				w->drv->close(w->m);
		}
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}

struct modem_worker *
modem_worker_start(const struct modem_driver *drv,
    const struct modem_settings *set, int wake_fd)
{
	struct modem_worker *w;
	char err[256] = "";

	if ((w = calloc(1, sizeof(*w))) == NULL)
		return NULL;
	w->drv = drv;
	w->set = *set;
	if (w->set.poll_ms <= 0)
		w->set.poll_ms = 2000;
	if (w->set.status_ms <= 0)
		w->set.status_ms = 60000;
	if (w->set.timeout_seconds <= 0)
		w->set.timeout_seconds = 60;
	w->wake_fd = wake_fd;
	w->backoff = BACKOFF_FIRST_MS;
	w->st.signal = w->st.battery = -1;
	if ((w->m = drv->create(&w->set, err, sizeof(err))) == NULL) {
		log_warnx("%s", err);
		free(w);
		return NULL;
	}
	if (sync_init(w) == -1) {
		drv->destroy(w->m);
		free(w);
		return NULL;
	}
	if (threads_start(w) == -1) {
		worker_free(w);
		return NULL;
	}
	return w;
}

size_t
modem_worker_take_received(struct modem_worker *w, struct modem_sms **out)
{
	size_t n;

	pthread_mutex_lock(&w->mu);
	*out = w->received.v;
	n = w->received.n;
	memset(&w->received, 0, sizeof(w->received));
	pthread_mutex_unlock(&w->mu);
	return n;
}

void
modem_worker_ack(struct modem_worker *w, struct modem_sms *v, size_t n)
{
	pthread_mutex_lock(&w->mu);
	if (n > 0 && list_push(&w->acked, v, n) == 0)
		free(v);
	else {
		/* Not deleted now: read and stored again later, then dropped as a copy. */
		w->outstanding -= n < w->outstanding ? n : w->outstanding;
		modem_sms_free(v, n);
	}
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

void
modem_worker_release(struct modem_worker *w, struct modem_sms *v, size_t n)
{
	pthread_mutex_lock(&w->mu);
	w->outstanding -= n < w->outstanding ? n : w->outstanding;
	modem_sms_free(v, n);
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

int
modem_worker_submit(struct modem_worker *w, int64_t id, const char *e164,
    const char *utf8)
{
	struct send_job *j;

	if ((j = calloc(1, sizeof(*j))) == NULL ||
	    (j->text = strdup(utf8)) == NULL) {
		free(j);
		return -1;
	}
	j->id = id;
	snprintf(j->phone, sizeof(j->phone), "%s", e164);
	pthread_mutex_lock(&w->mu);
	if (!w->connected) {
		pthread_mutex_unlock(&w->mu);
		free(j->text);
		free(j);
		return -1;
	}
	if (w->tail != NULL)
		w->tail->next = j;
	else
		w->head = j;
	w->tail = j;
	w->queued++;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	return 0;
}

size_t
modem_worker_take_results(struct modem_worker *w, struct modem_result *out,
    size_t max)
{
	struct send_job *j;
	size_t n = 0;

	pthread_mutex_lock(&w->mu);
	while (n < max && (j = w->rhead) != NULL) {
		w->rhead = j->next;
		if (w->rhead == NULL)
			w->rtail = NULL;
		out[n++] = j->result;
		free(j);
	}
	pthread_mutex_unlock(&w->mu);
	return n;
}

void
modem_worker_status(struct modem_worker *w, struct modem_status *st)
{
	pthread_mutex_lock(&w->mu);
	*st = w->st;
	pthread_mutex_unlock(&w->mu);
}

int
modem_worker_pending(struct modem_worker *w)
{
	int n;

	pthread_mutex_lock(&w->mu);
	n = w->connected ? w->queued + w->in_hand : -1;
	pthread_mutex_unlock(&w->mu);
	return n;
}

void
modem_worker_stop(struct modem_worker *w)
{
	if (w == NULL)
		return;
	pthread_mutex_lock(&w->mu);
	w->stop = 1;
	/* A call in hand is cut short rather than waited out. */
	if (w->in_op && !w->aborted) {
		w->aborted = 1;
		w->drv->abort(w->m);
	}
	pthread_cond_broadcast(&w->cv);
	pthread_cond_broadcast(&w->wd_cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	pthread_join(w->watchdog, NULL);
	if (w->connected)
		w->drv->close(w->m);
	worker_free(w);
}
