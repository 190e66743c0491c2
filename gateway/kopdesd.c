/*
 * kopdesd: the cooperative's SMS gateway.
 *
 *   kopdesd [-f] [-v] [-c CONFIG]
 *
 * Without -f the command returns once the daemon is ready (exit 0) or has
 * failed to start (exit 1, the reason on stderr), and the daemon logs to
 * syslog; with -f it stays in the foreground and logs to stderr.  -v logs
 * at debug whatever log.level says.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gateway/gateway.h"
#include "modem/modem.h"

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: kopdesd [-f] [-v] [-c CONFIG]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	const char *path = "etc/kopdes.conf";
	struct config *cfg;
	char err[CONFIG_ERR_LEN];
	int ch, foreground = 0, verbose = 0, level, rc;

	while ((ch = getopt(argc, argv, "c:fvh")) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
			break;
		case 'f':
			foreground = 1;
			break;
		case 'v':
			verbose++;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();

	if ((cfg = calloc(1, sizeof(*cfg))) == NULL)
		fatal("calloc");
	if (config_load(path, cfg, err, sizeof(err)) == -1) {
		fprintf(stderr, "kopdesd: %s\n", err);
		free(cfg);
		return 1;
	}
	/* Before anything is dated; the database may still refuse it. */
	tz_apply(cfg->timezone);
	level = verbose ? LOG_LEVEL_DEBUG : log_level_parse(cfg->log_level);
	/* Before any thread: the modem library sets the locale up. */
	modem_init();
	if (!foreground && daemonize() == -1) {
		fprintf(stderr, "kopdesd: cannot go to the background: %s\n",
		    strerror(errno));
		free(cfg);
		return 1;
	}
	log_init(!foreground, level, "kopdesd");
	rc = daemon_run(cfg, path);
	free(cfg);
	return rc == 0 ? 0 : 1;
}
