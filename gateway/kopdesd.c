/*
 * kopdesd: the cooperative's SMS gateway.
 *
 *   kopdesd [-f] [-v] [-c CONFIG]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gateway/gateway.h"

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
	int ch, foreground = 0, verbose = 0, rc;

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
		return 1;
	}
	/* Before anything is dated; the database may still refuse it. */
	tz_apply(cfg->timezone);
	if (verbose)
		snprintf(cfg->log_level, sizeof(cfg->log_level), "debug");
	if (!foreground && daemon(1, 0) == -1)
		fatal("daemon");
	log_init(!foreground && cfg->log_syslog,
	    strcmp(cfg->log_level, "debug") == 0 ? 2 :
	    strcmp(cfg->log_level, "info") == 0 ? 1 : 0, "kopdesd");
	rc = daemon_run(cfg, path);
	free(cfg);
	return rc == 0 ? 0 : 1;
}
