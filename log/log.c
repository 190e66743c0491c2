/*
 * The logging module (see log.h).  A line is formatted whole on the
 * caller's stack and leaves in one write, so lines from the loop and from
 * modem workers never interleave; the little shared state is set before
 * any thread starts, except the startup pipe and the test capture, which
 * a mutex guards.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "log/log.h"

#define LINE_MAX_LEN	1024

static int log_to_syslog;
static int log_level = LOG_LEVEL_INFO;
static char log_ident[32] = "kopdes";
static int test_sock = -1;		/* KOPDES_SYSLOG_SOCKET, connected */
static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;
static int startup_fd = -1;
static void (*capture_fn)(const char *);

int
log_level_parse(const char *name)
{
	static const char *names[] = { "error", "warning", "info", "debug" };
	int i;

	for (i = 0; i < (int)(sizeof(names) / sizeof(names[0])); i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

/*
 * Only tests set the variable: libc's syslog() always writes to /dev/log,
 * which a test cannot own.  The line has the shape syslog() gives it.
 */
static void
test_socket_open(void)
{
	const char *path = getenv("KOPDES_SYSLOG_SOCKET");
	struct sockaddr_un sun;

	if (path == NULL || *path == '\0' || strlen(path) >= sizeof(sun.sun_path))
		return;
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, path, strlen(path));
	if ((test_sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return;
	if (connect(test_sock, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		close(test_sock);
		test_sock = -1;
	}
}

void
log_init(int to_syslog, int level, const char *ident)
{
	log_to_syslog = to_syslog;
	log_level = level;
	snprintf(log_ident, sizeof(log_ident), "%s", ident);
	if (!to_syslog)
		return;
	test_socket_open();
	if (test_sock == -1)
		openlog(log_ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

void
log_startup_fd(int fd)
{
	pthread_mutex_lock(&log_mu);
	startup_fd = fd;
	pthread_mutex_unlock(&log_mu);
}

void
log_capture(void (*fn)(const char *))
{
	pthread_mutex_lock(&log_mu);
	capture_fn = fn;
	pthread_mutex_unlock(&log_mu);
}

static void
test_syslog(int pri, const char *msg)
{
	char line[LINE_MAX_LEN + 128], stamp[32];
	struct tm tm;
	time_t now = time(NULL);
	int n;

	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%b %e %H:%M:%S", &tm);
	n = snprintf(line, sizeof(line), "<%d>%s %s[%ld]: %s", LOG_DAEMON | pri,
	    stamp, log_ident, (long)getpid(), msg);
	if (n > 0)
		(void)send(test_sock, line, strlen(line), 0);
}

static void
write_all(int fd, const char *s, size_t n)
{
	ssize_t w;

	while (n > 0 && (w = write(fd, s, n)) != 0) {
		if (w == -1) {
			if (errno == EINTR)
				continue;
			return;
		}
		s += w;
		n -= (size_t)w;
	}
}

static void
log_vwrite(int level, int pri, const char *fmt, va_list ap, const char *err)
{
	char msg[LINE_MAX_LEN], line[LINE_MAX_LEN + 2];
	int saved = errno;

	if (level > log_level)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (err != NULL) {
		size_t n = strlen(msg);

		snprintf(msg + n, sizeof(msg) - n, ": %s", err);
	}
	pthread_mutex_lock(&log_mu);
	if (capture_fn != NULL) {
		capture_fn(msg);
		pthread_mutex_unlock(&log_mu);
		errno = saved;
		return;
	}
	snprintf(line, sizeof(line), "%s\n", msg);
	if (startup_fd != -1 && level <= LOG_LEVEL_WARNING)
		write_all(startup_fd, line, strlen(line));
	pthread_mutex_unlock(&log_mu);
	if (!log_to_syslog)
		write_all(STDERR_FILENO, line, strlen(line));
	else if (test_sock != -1)
		test_syslog(pri, msg);
	else
		syslog(pri, "%s", msg);
	errno = saved;
}

#define LOG_VERB(fn, level, pri, with_errno)				\
void									\
fn(const char *fmt, ...)						\
{									\
	va_list ap;							\
	const char *err = (with_errno) ? strerror(errno) : NULL;	\
									\
	va_start(ap, fmt);						\
	log_vwrite(level, pri, fmt, ap, err);				\
	va_end(ap);							\
}

LOG_VERB(log_error, LOG_LEVEL_ERROR, LOG_ERR, 1)
LOG_VERB(log_errorx, LOG_LEVEL_ERROR, LOG_ERR, 0)
LOG_VERB(log_warn, LOG_LEVEL_WARNING, LOG_WARNING, 1)
LOG_VERB(log_warnx, LOG_LEVEL_WARNING, LOG_WARNING, 0)
LOG_VERB(log_info, LOG_LEVEL_INFO, LOG_INFO, 0)
LOG_VERB(log_debug, LOG_LEVEL_DEBUG, LOG_DEBUG, 0)

void
fatal(const char *fmt, ...)
{
	va_list ap;
	const char *err = strerror(errno);

	va_start(ap, fmt);
	log_vwrite(LOG_LEVEL_ERROR, LOG_CRIT, fmt, ap, err);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LEVEL_ERROR, LOG_CRIT, fmt, ap, NULL);
	va_end(ap);
	exit(1);
}

const char *
log_phone(const char *phone, char *buf, size_t len)
{
	size_t n = phone != NULL ? strlen(phone) : 0;

	if (n <= 9)
		snprintf(buf, len, "%s", n > 0 ? phone : "?");
	else
		snprintf(buf, len, "%.6s\xe2\x80\xa6%s", phone, phone + n - 3);
	return buf;
}
