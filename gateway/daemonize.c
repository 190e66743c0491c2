/*
 * Going to the background without going silent.  The parent stays until
 * the child says it is ready, and until then prints what the child logs
 * as warnings and errors; a child that exits first leaves its parent to
 * exit non-zero with the reason on the terminal that started it.  After
 * that the child logs to syslog only.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gateway/gateway.h"

#define READY_BYTE	'\0'	/* never part of a log line */

static int ready_fd = -1;

static void __attribute__((noreturn))
parent_wait(int fd, pid_t child)
{
	char buf[512];
	ssize_t n;
	int status, said = 0;
	char *nul;

	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		nul = memchr(buf, READY_BYTE, (size_t)n);
		if (nul != buf)
			said = 1;
		fwrite(buf, 1, nul != NULL ? (size_t)(nul - buf) : (size_t)n, stderr);
		if (nul != NULL)
			exit(0);
	}
	/* Gone before it was ready. */
	while (waitpid(child, &status, 0) == -1 && errno == EINTR)
		;
	if (!said)
		fprintf(stderr, "kopdesd: stopped while starting (%s %d)\n",
		    WIFSIGNALED(status) ? "signal" : "exit status",
		    WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
	exit(1);
}

int
daemonize(void)
{
	int fds[2], null;
	pid_t pid;

	if (pipe(fds) == -1)
		return -1;
	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) == -1) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid != 0) {
		close(fds[1]);
		parent_wait(fds[0], pid);
	}
	close(fds[0]);
	/* No program the daemon starts may keep the parent waiting. */
	if (fcntl(fds[1], F_SETFD, FD_CLOEXEC) == -1 || setsid() == -1)
		return -1;
	/* A parent gone early must not kill the child with SIGPIPE. */
	signal(SIGPIPE, SIG_IGN);
	if ((null = open("/dev/null", O_RDWR)) == -1)
		return -1;
	dup2(null, STDIN_FILENO);
	dup2(null, STDOUT_FILENO);
	dup2(null, STDERR_FILENO);
	if (null > STDERR_FILENO)
		close(null);
	ready_fd = fds[1];
	log_startup_fd(ready_fd);
	return 0;
}

void
daemonize_ready(void)
{
	char ready = READY_BYTE;

	if (ready_fd == -1)
		return;
	log_startup_fd(-1);
	if (write(ready_fd, &ready, 1) == -1)
		log_debug("the parent left before the daemon was ready");
	close(ready_fd);
	ready_fd = -1;
}
