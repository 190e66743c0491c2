/*
 * Fills a Gammu dummy phone's inbox with a burst of SMS for the
 * benchmarks: N messages of TEXT from N different numbers.
 *
 *   dummyfill PHONE_DIR N TEXT
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "modem/modem.h"

int
main(int argc, char **argv)
{
	char from[24], err[256];
	time_t when = time(NULL);
	int i, n;

	if (argc != 4 || (n = atoi(argv[2])) <= 0) {
		fprintf(stderr, "usage: dummyfill PHONE_DIR N TEXT\n");
		return 2;
	}
	for (i = 0; i < n; i++) {
		snprintf(from, sizeof(from), "+62857%08d", i + 1);
		if (dummy_inject(argv[1], from, argv[3], when, err, sizeof(err)) == -1) {
			fprintf(stderr, "dummyfill: %s\n", err);
			return 1;
		}
	}
	return 0;
}
