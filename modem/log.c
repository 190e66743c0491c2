/*
 * The modem layer's warnings.  modem/ must not depend on the daemon's
 * logging, so the daemon hands in its own function instead; until then
 * (tools, tests) a line goes to stderr.
 */
#include <stdarg.h>
#include <stdio.h>

#include "modem/modem.h"

static void (*log_fn)(const char *);

void
modem_log_set(void (*fn)(const char *))
{
	log_fn = fn;
}

void
modem_log(const char *fmt, ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (log_fn != NULL)
		log_fn(line);
	else
		fprintf(stderr, "%s\n", line);
}
