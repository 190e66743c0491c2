/*
 * The modems list of the config file: each modem a group with its Gammu
 * settings (SPEC §8), names unique, at most MODEMS_MAX.  An empty list
 * is allowed when Kannel carries the SMS, which config_load checks once
 * the whole file is read.
 */
#include <stdio.h>
#include <string.h>

#include "gateway/config_read.h"
#include "modem/modem.h"

static int
check_driver(struct reader *r, const config_setting_t *s, void *base)
{
	(void)base;
	if (modem_driver_find(config_setting_get_string(s)) == NULL)
		return config_bad(r, s, "driver must be \"gammu\"");
	return 0;
}

static const struct config_key modem_keys[] = {
	CONFIG_KEY_TEXT("name", struct modem_conf, name, NULL),
	CONFIG_KEY_TEXT("driver", struct modem_conf, driver, check_driver),
	CONFIG_KEY_TEXT_OR_EMPTY("model", struct modem_conf, model),
	CONFIG_KEY_TEXT("connection", struct modem_conf, connection, NULL),
	CONFIG_KEY_TEXT("device", struct modem_conf, device, NULL),
	CONFIG_KEY_INT("send_per_minute", struct modem_conf, send_per_minute, 0,
	    6000),
	CONFIG_KEY_INT("timeout_seconds", struct modem_conf, timeout_seconds, 1,
	    3600),
	CONFIG_KEYS_END
};

static int
read_modem(struct reader *r, const config_setting_t *g, struct modem_conf *m)
{
	if (config_setting_type(g) != CONFIG_TYPE_GROUP)
		return config_bad(r, g, "each modem must be a group:"
		    " { name = \"...\"; ... }");
	memset(m, 0, sizeof(*m));
	snprintf(m->driver, sizeof(m->driver), "gammu");
	m->timeout_seconds = 60;
	if (config_read_keys(r, g, modem_keys, m) == -1)
		return -1;
	if (m->name[0] == '\0')
		return config_bad(r, g, "a modem needs a name");
	if (m->connection[0] == '\0')
		snprintf(m->connection, sizeof(m->connection), "%s",
		    strcmp(m->model, "dummy") == 0 ? "none" : "at");
	if (m->device[0] == '\0')
		return config_bad(r, g, "modem \"%s\" needs a device (a serial port,"
		    " or the dummy phone's folder)", m->name);
	return 0;
}

int
config_read_modems(struct reader *r, const config_setting_t *list,
    struct config *c)
{
	config_setting_t *s;
	int i, j, n = config_setting_length(list);

	if (config_setting_type(list) != CONFIG_TYPE_LIST)
		return config_bad(r, list, "modems must be a list:"
		    " modems = ( { ... } );");
	if (n > MODEMS_MAX)
		return config_bad(r, list, "modems must list 1 to %d modems",
		    MODEMS_MAX);
	if (n == 0)
		r->no_modems_line = config_setting_source_line(list);
	for (i = 0; i < n; i++) {
		s = config_setting_get_elem(list, (unsigned)i);
		if (read_modem(r, s, &c->modems[i]) == -1)
			return -1;
		for (j = 0; j < i; j++)
			if (strcmp(c->modems[j].name, c->modems[i].name) == 0)
				return config_bad(r, s, "modem name \"%s\" is used"
				    " twice", c->modems[i].name);
	}
	c->nmodems = n;
	return 0;
}
