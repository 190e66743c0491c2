/*
 * The drivers a modem's `driver` key may name, as OpenSMTPD picks its
 * queue backend from a table at start-up.  A new driver is one file
 * filling struct modem_driver and one line here.
 */
#include <stddef.h>
#include <string.h>

#include "modem/modem.h"

static const struct modem_driver *const drivers[] = {
	&modem_gammu,
};

#define NDRIVERS	(sizeof(drivers) / sizeof(drivers[0]))

const struct modem_driver *
modem_driver_find(const char *name)
{
	size_t i;

	for (i = 0; i < NDRIVERS; i++)
		if (strcmp(drivers[i]->name, name) == 0)
			return drivers[i];
	return NULL;
}

void
modem_init(void)
{
	size_t i;

	for (i = 0; i < NDRIVERS; i++)
		if (drivers[i]->init != NULL)
			drivers[i]->init();
}
