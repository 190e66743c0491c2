/*
 * Every input a harness was ever given to keep, replayed through it as an
 * ordinary test: the seed corpus and each crash found, so a fixed defect
 * stays fixed.  A finding aborts, so reaching the end is the pass.  Set
 * FUZZ_REPLAY_VERBOSE to see which input is being fed.  Built with the project's compiler, so `make test` needs no
 * clang; under SANITIZE=1 the sanitizers watch the replay too.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/fuzz.h"

#define INPUT_MAX (1024 * 1024)

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Feeds each file of dir, in name order; returns how many, -1 on error. */
static int
replay_dir(const char *dir, unsigned char *buf, int verbose)
{
	char **names = NULL, path[4096];
	unsigned char *input;
	struct dirent *de;
	size_t n = 0, cap = 0, i, len;
	DIR *d;
	FILE *fp;

	if ((d = opendir(dir)) == NULL) {
		perror(dir);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		/* Dot files keep an empty folder in git; README says what it is. */
		if (de->d_name[0] == '.' || strncmp(de->d_name, "README", 6) == 0)
			continue;
		if (n == cap && (names = realloc(names,
		    (cap = cap ? 2 * cap : 64) * sizeof(*names))) == NULL)
			abort();
		if ((names[n++] = strdup(de->d_name)) == NULL)
			abort();
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if ((fp = fopen(path, "rb")) == NULL) {
			perror(path);
			return -1;
		}
		len = fread(buf, 1, INPUT_MAX, fp);
		fclose(fp);
		if (verbose)
			fprintf(stderr, "%s\n", path);
		/* A copy of exactly its length, so ASan sees a read past it. */
		if ((input = malloc(len ? len : 1)) == NULL)
			abort();
		memcpy(input, buf, len);
		LLVMFuzzerTestOneInput(input, len);
		free(input);
		free(names[i]);
	}
	free(names);
	return (int)n;
}

int
main(int argc, char **argv)
{
	const char *const *dirs = fuzz_corpus_dirs;
	unsigned char *buf = malloc(INPUT_MAX);
	int i, n, total = 0, verbose = getenv("FUZZ_REPLAY_VERBOSE") != NULL;

	if (buf == NULL)
		return 1;
	if (argc > 1)
		dirs = (const char *const *)argv + 1;
	for (i = 0; dirs[i] != NULL; i++) {
		printf("replaying %s\n", dirs[i]);
		fflush(stdout);
		if ((n = replay_dir(dirs[i], buf, verbose)) == -1)
			return 1;
		printf("%s: %d inputs, no finding\n", dirs[i], n);
		total += n;
	}
	free(buf);
	if (total == 0) {
		fprintf(stderr, "no inputs to replay\n");
		return 1;
	}
	return 0;
}
