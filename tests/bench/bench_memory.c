/*
 * Start-up time and resident memory of kopdesd with 100,000 members
 * (SPEC §9): the daemon is started on a dummy phone and a database of
 * that size; start-up is the time until it logs "ready"; memory is its
 * peak resident set (VmHWM) after it has answered a few SMS.
 *
 *   bench_memory WORKDIR    (WORKDIR holds kopdes.conf and a seeded database)
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static long
status_kb(pid_t pid, const char *field)
{
	char path[64], line[256];
	FILE *fp;
	long kb = -1;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if ((fp = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), fp) != NULL)
		if (strncmp(line, field, strlen(field)) == 0)
			kb = strtol(line + strlen(field) + 1, NULL, 10);
	fclose(fp);
	return kb;
}

int
main(int argc, char **argv)
{
	char conf[512], kopdesd[512], line[1024];
	const char *bin = getenv("KOPDES_BIN");
	int pipefd[2], status, i, ready = 0;
	double t0, startup;
	pid_t pid;
	FILE *err;
	long hwm, rss;

	if (argc != 2 || bin == NULL) {
		fprintf(stderr, "usage: KOPDES_BIN=dir bench_memory WORKDIR\n");
		return 2;
	}
	snprintf(conf, sizeof(conf), "%s/kopdes.conf", argv[1]);
	snprintf(kopdesd, sizeof(kopdesd), "%s/kopdesd", bin);
	if (pipe(pipefd) == -1)
		return 1;
	t0 = now_ms();
	if ((pid = fork()) == 0) {
		dup2(pipefd[1], 2);
		close(pipefd[0]);
		execl(kopdesd, "kopdesd", "-f", "-c", conf, (char *)NULL);
		_exit(127);
	}
	close(pipefd[1]);
	err = fdopen(pipefd[0], "r");
	while (fgets(line, sizeof(line), err) != NULL)
		if (strstr(line, "ready") != NULL) {
			ready = 1;
			break;
		}
	startup = now_ms() - t0;
	if (!ready) {
		fprintf(stderr, "kopdesd did not start\n");
		return 1;
	}
	/* Let it read and answer what the script injected, then measure. */
	for (i = 0; i < 50; i++)
		usleep(100000);
	hwm = status_kb(pid, "VmHWM:");
	rss = status_kb(pid, "VmRSS:");
	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
	printf("  start-up: %.1f ms to ready\n", startup);
	printf("  memory: peak resident %.1f MiB (now %.1f MiB)\n",
	    hwm / 1024.0, rss / 1024.0);
	printf("  exit after SIGTERM: %d\n", WIFEXITED(status) ?
	    WEXITSTATUS(status) : -1);
	return 0;
}
