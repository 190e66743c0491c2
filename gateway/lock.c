/*
 * One kopdesd per database and per modem.  Two daemons on one database
 * would each answer the same SMS; two on one modem would fight over its
 * inbox.  An flock(2) lasts exactly as long as the process holding it,
 * so a daemon killed with SIGKILL leaves nothing stale behind, and the
 * file it locks says who holds it and since when, for the refusal and
 * for `kopdesctl status`.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "gateway/daemon.h"

/* Where serial ports are locked on Debian (world-writable, sticky). */
#define LOCK_RUN_DIR	"/run/lock"

static void
holder_read(int fd, struct lock_holder *h)
{
	char buf[64];
	long long pid = 0, since = 0;
	ssize_t n;

	memset(h, 0, sizeof(*h));
	if ((n = pread(fd, buf, sizeof(buf) - 1, 0)) <= 0)
		return;
	buf[n] = '\0';
	if (sscanf(buf, "%lld %lld", &pid, &since) >= 1) {
		h->pid = (long)pid;
		h->since = (time_t)since;
	}
}

enum lock_result
lock_take(const char *path, int *fdp, struct lock_holder *h)
{
	char buf[64];
	int fd, n;

	*fdp = -1;
	memset(h, 0, sizeof(*h));
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) == -1) {
		log_warn("%s: open lock", path);
		return LOCK_ERROR;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		if (errno != EWOULDBLOCK) {
			log_warn("%s: lock", path);
			close(fd);
			return LOCK_ERROR;
		}
		holder_read(fd, h);
		close(fd);
		return LOCK_HELD;
	}
	n = snprintf(buf, sizeof(buf), "%ld %lld\n", (long)getpid(),
	    (long long)time(NULL));
	if (ftruncate(fd, 0) == -1 || pwrite(fd, buf, (size_t)n, 0) != n) {
		log_warn("%s: write lock", path);
		close(fd);
		return LOCK_ERROR;
	}
	*fdp = fd;
	return LOCK_TAKEN;
}

enum lock_result
lock_probe(const char *path, struct lock_holder *h)
{
	int fd;

	memset(h, 0, sizeof(*h));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return errno == ENOENT ? LOCK_FREE : LOCK_ERROR;
	/* A shared lock is granted unless a daemon holds its exclusive one. */
	if (flock(fd, LOCK_SH | LOCK_NB) == 0) {
		close(fd);
		return LOCK_FREE;
	}
	if (errno != EWOULDBLOCK) {
		close(fd);
		return LOCK_ERROR;
	}
	holder_read(fd, h);
	close(fd);
	return LOCK_HELD;
}

void
lock_release(int fd)
{
	if (fd >= 0)
		close(fd);
}

void
lock_db_path(const char *database, char *out, size_t len)
{
	snprintf(out, len, "%s.lock", database);
}

/*
 * The dummy phone is a folder: its lock lives in it, beside what
 * `kopdesctl inject` writes.  A serial port is locked by a file in
 * /run/lock named after the port's real path, so /dev/serial/by-id/...
 * and /dev/ttyUSB0 are one modem; opening the port itself to lock it
 * would change what the modem sees when Gammu closes it.
 */
void
lock_modem_path(const struct modem_conf *m, char *out, size_t len)
{
	char real[PATH_MAX], *p;

	if (strcmp(m->model, "dummy") == 0) {
		snprintf(out, len, "%s/kopdesd.lock", m->device);
		return;
	}
	if (realpath(m->device, real) == NULL)
		snprintf(real, sizeof(real), "%s", m->device);
	for (p = real; *p != '\0'; p++)
		if (*p == '/')
			*p = '_';
	snprintf(out, len, "%s/kopdesd%s.lock", LOCK_RUN_DIR, real);
}

int
locks_take(struct daemon *d)
{
	struct lock_holder h;
	char path[PATH_MAX + 16];
	const struct modem_conf *m;
	int i;

	d->lock_fd = -1;
	for (i = 0; i < MODEMS_MAX; i++)
		d->modem_lock_fd[i] = -1;
	lock_db_path(d->cfg->database, path, sizeof(path));
	switch (lock_take(path, &d->lock_fd, &h)) {
	case LOCK_TAKEN:
		break;
	case LOCK_HELD:
		log_warnx("%s: kopdesd already running, pid %ld",
		    d->cfg->database, h.pid);
		return -1;
	default:
		return -1;
	}
	for (i = 0; i < d->cfg->nmodems; i++) {
		m = &d->cfg->modems[i];
		lock_modem_path(m, path, sizeof(path));
		switch (lock_take(path, &d->modem_lock_fd[i], &h)) {
		case LOCK_TAKEN:
			break;
		case LOCK_HELD:
			log_warnx("modem %s: %s is used by a kopdesd already"
			    " running, pid %ld", m->name, m->device, h.pid);
			return -1;
		default:
			/* A port not plugged in yet is the worker's to wait for. */
			log_warnx("modem %s: %s is not locked against a second"
			    " daemon", m->name, m->device);
			break;
		}
	}
	return 0;
}

void
locks_release(struct daemon *d)
{
	int i;

	for (i = 0; i < MODEMS_MAX; i++) {
		lock_release(d->modem_lock_fd[i]);
		d->modem_lock_fd[i] = -1;
	}
	lock_release(d->lock_fd);
	d->lock_fd = -1;
}
