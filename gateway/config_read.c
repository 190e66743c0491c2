/*
 * One reader for every table of keys (gateway/config_read.h): the value's
 * type, its range or length, then the key's own check.  A typo must not
 * pass silently in a village office with no one to read logs, so an
 * unknown key is an error too.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "gateway/config_read.h"

int
config_bad(struct reader *r, const config_setting_t *s, const char *fmt, ...)
{
	char what[256];
	va_list ap;

	if (r->failed)
		return -1;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	snprintf(r->err, r->errlen, "%s:%d: %s", r->path,
	    s ? config_setting_source_line(s) : 0, what);
	r->failed = 1;
	return -1;
}

static const char *
full_name(const config_setting_t *s, char *buf, size_t len)
{
	const config_setting_t *parent = config_setting_parent(s);
	const char *name = config_setting_name(s);

	if (parent == NULL || config_setting_is_root(parent) || name == NULL) {
		snprintf(buf, len, "%s", name ? name : "?");
		return buf;
	}
	if (config_setting_name(parent) == NULL)	/* inside a list */
		snprintf(buf, len, "modems[%d].%s", config_setting_index(parent),
		    name);
	else
		snprintf(buf, len, "%s.%s", config_setting_name(parent), name);
	return buf;
}

static int
get_int(struct reader *r, const config_setting_t *s, long long lo,
    long long hi, long long *out)
{
	char name[96];
	int type = config_setting_type(s);

	if (type != CONFIG_TYPE_INT && type != CONFIG_TYPE_INT64)
		return config_bad(r, s, "%s must be a whole number between %lld"
		    " and %lld", full_name(s, name, sizeof(name)), lo, hi);
	*out = config_setting_get_int64(s);
	if (*out < lo || *out > hi)
		return config_bad(r, s, "%s must be between %lld and %lld",
		    full_name(s, name, sizeof(name)), lo, hi);
	return 0;
}

static int
set_string(struct reader *r, const config_setting_t *s, char *dst, size_t len,
    int allow_empty)
{
	char name[96];
	const char *v;

	if (config_setting_type(s) != CONFIG_TYPE_STRING)
		return config_bad(r, s, "%s must be a string in double quotes",
		    full_name(s, name, sizeof(name)));
	v = config_setting_get_string(s);
	if (!allow_empty && v[0] == '\0')
		return config_bad(r, s, "%s must not be empty",
		    full_name(s, name, sizeof(name)));
	if (strlen(v) >= len)
		return config_bad(r, s, "%s is too long (at most %zu characters)",
		    full_name(s, name, sizeof(name)), len - 1);
	memcpy(dst, v, strlen(v) + 1);
	return 0;
}

static int
set_bool(struct reader *r, const config_setting_t *s, int *dst)
{
	char name[96];

	if (config_setting_type(s) != CONFIG_TYPE_BOOL)
		return config_bad(r, s, "%s must be true or false",
		    full_name(s, name, sizeof(name)));
	*dst = config_setting_get_bool(s);
	return 0;
}

int
config_want_group(struct reader *r, const config_setting_t *s)
{
	char name[96];

	if (config_setting_type(s) != CONFIG_TYPE_GROUP)
		return config_bad(r, s, "%s must be a group: %s = { ... };",
		    full_name(s, name, sizeof(name)), config_setting_name(s));
	return 0;
}

/* The setting s by its key k, into base: 0, or -1 with the error. */
static int
read_key(struct reader *r, const config_setting_t *s,
    const struct config_key *k, void *base)
{
	char *field = (char *)base + k->off;
	long long v = 0;

	switch (k->kind) {
	case CONFIG_INT:
	case CONFIG_INT64:
		if (get_int(r, s, k->lo, k->hi, &v) == -1)
			return -1;
		/* The table's range fits its field, so nothing is cut here. */
		if (k->kind == CONFIG_INT)
			*(int *)(void *)field = (int)v;
		else
			*(int64_t *)(void *)field = (int64_t)v;
		return 0;
	case CONFIG_TEXT:
	case CONFIG_TEXT_OR_EMPTY:
		if (set_string(r, s, field, k->len,
		    k->kind == CONFIG_TEXT_OR_EMPTY) == -1)
			return -1;
		return k->check != NULL ? k->check(r, s, base) : 0;
	case CONFIG_BOOL:
		return set_bool(r, s, (int *)(void *)field);
	case CONFIG_SECTION:
		return config_read_group(r, s, k->keys, base);
	case CONFIG_GROUP:
		return k->group(r, s, base);
	}
	return -1;
}

int
config_read_keys(struct reader *r, const config_setting_t *g,
    const struct config_key *keys, void *base)
{
	const struct config_key *k;
	config_setting_t *s;
	char name[96];
	int i;

	for (i = 0; (s = config_setting_get_elem(g, (unsigned)i)) != NULL; i++) {
		for (k = keys; k->name != NULL; k++)
			if (strcmp(config_setting_name(s), k->name) == 0)
				break;
		if (k->name == NULL)
			config_bad(r, s, "unknown key \"%s\"",
			    full_name(s, name, sizeof(name)));
		else
			read_key(r, s, k, base);
		if (r->failed)
			return -1;
	}
	return 0;
}

int
config_read_group(struct reader *r, const config_setting_t *g,
    const struct config_key *keys, void *base)
{
	if (config_want_group(r, g) == -1)
		return -1;
	return config_read_keys(r, g, keys, base);
}

int
config_hhmm(const char *s)
{
	unsigned hh, mm;
	char tail;

	return sscanf(s, "%2u:%2u%c", &hh, &mm, &tail) == 2 && hh <= 23 &&
	    mm <= 59 && strlen(s) == 5;
}
