/*
 * The groups of the config file for the channels beside the modems: the
 * HTTP listener (USSD, Kannel and /metrics come in by it), the USSD
 * service and Kannel as an SMS link (notes/kannel.md).
 */
#include <string.h>

#include "gateway/config_read.h"

const struct config_key config_http_keys[] = {
	CONFIG_KEY_TEXT("listen", struct config, http_listen, NULL),
	CONFIG_KEY_INT("port", struct config, http_port, 1, 65535),
	CONFIG_KEY_TEXT_OR_EMPTY("secret", struct config, http_secret),
	CONFIG_KEY_INT("timeout_seconds", struct config, http_timeout_seconds, 1,
	    300),
	CONFIG_KEYS_END
};

const struct config_key config_ussd_keys[] = {
	CONFIG_KEY_TEXT("service_code", struct config, ussd_service_code, NULL),
	CONFIG_KEY_BOOL("last_input_only", struct config, ussd_last_input_only),
	CONFIG_KEY_INT("session_seconds", struct config, ussd_session_seconds, 10,
	    3600),
	CONFIG_KEYS_END
};

static const struct config_key kannel_keys[] = {
	CONFIG_KEY_TEXT("sendsms_url", struct kannel_conf, sendsms_url, NULL),
	CONFIG_KEY_TEXT("username", struct kannel_conf, username, NULL),
	CONFIG_KEY_TEXT("password", struct kannel_conf, password, NULL),
	CONFIG_KEY_TEXT_OR_EMPTY("from", struct kannel_conf, from),
	CONFIG_KEY_TEXT_OR_EMPTY("dlr_url", struct kannel_conf, dlr_url),
	CONFIG_KEY_INT("send_per_second", struct kannel_conf, send_per_second, 0,
	    100000),
	CONFIG_KEY_INT("max_parts", struct kannel_conf, max_parts, 1, 255),
	CONFIG_KEYS_END
};

int
config_read_kannel(struct reader *r, const config_setting_t *g, struct config *c)
{
	struct kannel_conf *k = &c->kannel;

	if (config_want_group(r, g) == -1)
		return -1;
	k->enabled = 1;
	if (config_read_keys(r, g, kannel_keys, k) == -1)
		return -1;
	if (strncmp(k->sendsms_url, "http://", 7) != 0)
		return config_bad(r, g, "kannel.sendsms_url must be an http:// URL");
	if (k->username[0] == '\0' || k->password[0] == '\0')
		return config_bad(r, g, "kannel needs username and password (its"
		    " sendsms-user)");
	return 0;
}
