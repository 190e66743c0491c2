/*
 * The files of SMS already stored, unlinked apart from the read.  On a
 * file system mounted with discard every unlink waits for the disk to
 * forget the file's block; done by the worker between reads, that wait
 * was most of a burst's time.  Only what the loop acked is put here, so
 * nothing goes before its inbox row is committed; a file still queued
 * at a kill -9 is read again at the next start and dropped as a copy.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "modem/gammu_private.h"

#define DUMMY_MAX_SMS	10000	/* Gammu's Location: number + folder * this */

struct dummy_trash {
	char			 device[PATH_MAX];
	pthread_t		 thread;
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;		/* work, or stop, for the thread */
	pthread_cond_t		 drained;	/* nothing queued nor in hand */
	int			*queue;
	size_t			 n, cap;
	int			 busy, stop;
};

static void
unlink_one(const struct dummy_trash *t, int location)
{
	char path[PATH_MAX + 32];

	snprintf(path, sizeof(path), "%s/sms/%d/%d", t->device,
	    location / DUMMY_MAX_SMS, location % DUMMY_MAX_SMS);
	/* Gone already is what was wanted. */
	if (unlink(path) == -1 && errno != ENOENT)
		log_warnx("%s: %s", path, strerror(errno));
}

static void *
trash_main(void *arg)
{
	struct dummy_trash *t = arg;
	int *v;
	size_t n, i;

	/*
	 * Behind the read and the loop: nothing waits on an unlink but the
	 * next read from the first file, and on two cores it took a core's
	 * share from them.  Linux gives each thread a nice value of its own.
	 */
	if (setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10) == -1)
		log_debug("dummy trash: setpriority: %s", strerror(errno));
	pthread_mutex_lock(&t->mu);
	for (;;) {
		if (t->n == 0) {
			t->busy = 0;
			pthread_cond_broadcast(&t->drained);
			if (t->stop)
				break;
			pthread_cond_wait(&t->cv, &t->mu);
			continue;
		}
		/* The whole queue at once: the read may add while we unlink. */
		v = t->queue;
		n = t->n;
		t->queue = NULL;
		t->n = t->cap = 0;
		t->busy = 1;
		pthread_mutex_unlock(&t->mu);
		for (i = 0; i < n; i++)
			unlink_one(t, v[i]);
		free(v);
		pthread_mutex_lock(&t->mu);
	}
	pthread_mutex_unlock(&t->mu);
	return NULL;
}

struct dummy_trash *
dummy_trash_start(const char *device)
{
	struct dummy_trash *t;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	snprintf(t->device, sizeof(t->device), "%s", device);
	if (pthread_mutex_init(&t->mu, NULL) != 0)
		goto fail;
	if (pthread_cond_init(&t->cv, NULL) != 0)
		goto fail_mu;
	if (pthread_cond_init(&t->drained, NULL) != 0)
		goto fail_cv;
	if (pthread_create(&t->thread, NULL, trash_main, t) != 0)
		goto fail_all;
	return t;
fail_all:
	pthread_cond_destroy(&t->drained);
fail_cv:
	pthread_cond_destroy(&t->cv);
fail_mu:
	pthread_mutex_destroy(&t->mu);
fail:
	free(t);
	return NULL;
}

int
dummy_trash_put(struct dummy_trash *t, int location)
{
	int *nv;
	size_t cap;

	pthread_mutex_lock(&t->mu);
	if (t->n == t->cap) {
		cap = t->cap > 0 ? t->cap * 2 : 2 * MODEM_READ_BATCH;
		if ((nv = realloc(t->queue, cap * sizeof(*nv))) == NULL) {
			pthread_mutex_unlock(&t->mu);
			return -1;
		}
		t->queue = nv;
		t->cap = cap;
	}
	t->queue[t->n++] = location;
	if (t->n == 1)
		pthread_cond_signal(&t->cv);
	pthread_mutex_unlock(&t->mu);
	return 0;
}

void
dummy_trash_drain(struct dummy_trash *t)
{
	pthread_mutex_lock(&t->mu);
	while (t->n > 0 || t->busy)
		pthread_cond_wait(&t->drained, &t->mu);
	pthread_mutex_unlock(&t->mu);
}

void
dummy_trash_stop(struct dummy_trash *t)
{
	if (t == NULL)
		return;
	pthread_mutex_lock(&t->mu);
	t->stop = 1;
	pthread_cond_signal(&t->cv);
	pthread_mutex_unlock(&t->mu);
	pthread_join(t->thread, NULL);
	free(t->queue);
	pthread_cond_destroy(&t->cv);
	pthread_cond_destroy(&t->drained);
	pthread_mutex_destroy(&t->mu);
	free(t);
}
