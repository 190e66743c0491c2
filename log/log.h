/*
 * log/: the one logging module, below every other folder (db/, modem/,
 * handlers/ and gateway/ all include it; it includes none of them), so a
 * modem worker logs the way the loop does.  OpenBSD's rule: a daemon not
 * in the foreground logs to syslog (facility daemon), always; in the
 * foreground, and in the tools, lines go to stderr.
 *
 * The verbs are OpenSMTPD's: log_warn appends strerror(errno), log_warnx
 * does not; fatal/fatalx log and exit 1.  Every verb may be called from
 * any thread.  Callers never pass a PIN or a message text; a phone goes
 * through log_phone.
 */
#ifndef KOPDES_LOG_H
#define KOPDES_LOG_H

#include <stddef.h>

/* What log.level names, least said first. */
enum log_level {
	LOG_LEVEL_ERROR,	/* only what stops something working */
	LOG_LEVEL_WARNING,	/* and what went wrong but was dealt with */
	LOG_LEVEL_INFO,		/* and a line per SMS handled, sent or failed */
	LOG_LEVEL_DEBUG
};

/* LOG_LEVEL_* for "error", "warning", "info", "debug"; -1 otherwise. */
int		 log_level_parse(const char *);
/*
 * Set once, before any thread starts.  to_syslog: lines go to syslog
 * under ident (or, for tests only, to the datagram socket named by
 * KOPDES_SYSLOG_SOCKET, in syslog's format), else to stderr.
 */
void		 log_init(int to_syslog, int level, const char *ident);
/*
 * While a daemon starts in the background, its warnings and errors are
 * also written to fd (the pipe its parent reads, gateway/daemonize.c);
 * -1 ends that.
 */
void		 log_startup_fd(int fd);
/* Tests: every line that passes the level goes to fn instead (NULL: back). */
void		 log_capture(void (*fn)(const char *));

void		 log_error(const char *, ...) __attribute__((format(printf, 1, 2)));
void		 log_errorx(const char *, ...) __attribute__((format(printf, 1, 2)));
void		 log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void		 log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void		 log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void		 log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void		 fatal(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));
void		 fatalx(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));

/*
 * A phone number as a log line shows it: enough to tell members apart,
 * not enough to dial ("+62812…890").  Returns buf.
 */
#define LOG_PHONE_LEN	24
const char	*log_phone(const char *phone, char *buf, size_t len);

#endif
