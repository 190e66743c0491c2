/*
 * Inside gateway/config*.c only: how a setting of the config file is read.
 * Each group of the file is a table of its keys, with the field each one
 * fills and the range or form it must have; one reader walks any table,
 * so every key is checked the same way and every error names the file,
 * the line and what was expected.
 */
#ifndef KOPDES_CONFIG_READ_H
#define KOPDES_CONFIG_READ_H

#include <stddef.h>

#include <libconfig.h>

#include "gateway/gateway.h"

#define CONFIG_AMOUNT_LIMIT 1000000000000LL

struct reader {
	const char	*path;
	char		*err;
	size_t		 errlen;
	int		 failed;
	int		 no_modems_line;	/* modems = ( ); was here */
};

enum config_kind {
	CONFIG_INT,		/* int in lo..hi */
	CONFIG_INT64,		/* int64_t in lo..hi */
	CONFIG_TEXT,		/* char[len], not empty */
	CONFIG_TEXT_OR_EMPTY,	/* char[len] */
	CONFIG_BOOL,		/* int, 0 or 1 */
	CONFIG_SECTION,		/* a group whose keys, in table `keys`, fill base too */
	CONFIG_GROUP		/* a group read by group() */
};

struct config_key {
	const char	*name;
	enum config_kind kind;
	size_t		 off;		/* of the field in what the table fills */
	size_t		 len;		/* of the field */
	long long	 lo, hi;
	/* Texts: a further check once stored; 0, or -1 with config_bad(). */
	int		(*check)(struct reader *, const config_setting_t *, void *base);
	const struct config_key *keys;	/* CONFIG_SECTION */
	/* CONFIG_GROUP: reads the group into the config. */
	int		(*group)(struct reader *, const config_setting_t *,
			    struct config *);
};

/* The field's size, and a compile error when it is not `want` bytes. */
#define CONFIG_FIELD(type, field, want)					\
	(sizeof(((type *)0)->field) +					\
	    0 * sizeof(char[sizeof(((type *)0)->field) == (want) ? 1 : -1]))

#define CONFIG_KEY_INT(n, type, field, min, max)			\
	{ .name = n, .kind = CONFIG_INT, .off = offsetof(type, field),	\
	    .len = CONFIG_FIELD(type, field, sizeof(int)), .lo = min, .hi = max }
#define CONFIG_KEY_INT64(n, type, field, min, max)			\
	{ .name = n, .kind = CONFIG_INT64, .off = offsetof(type, field),	\
	    .len = CONFIG_FIELD(type, field, sizeof(int64_t)), .lo = min,	\
	    .hi = max }
#define CONFIG_KEY_TEXT(n, type, field, fn)				\
	{ .name = n, .kind = CONFIG_TEXT, .off = offsetof(type, field),	\
	    .len = sizeof(((type *)0)->field), .check = fn }
#define CONFIG_KEY_TEXT_OR_EMPTY(n, type, field)			\
	{ .name = n, .kind = CONFIG_TEXT_OR_EMPTY,			\
	    .off = offsetof(type, field), .len = sizeof(((type *)0)->field) }
#define CONFIG_KEY_BOOL(n, type, field)					\
	{ .name = n, .kind = CONFIG_BOOL, .off = offsetof(type, field),	\
	    .len = CONFIG_FIELD(type, field, sizeof(int)) }
#define CONFIG_KEY_SECTION(n, table)					\
	{ .name = n, .kind = CONFIG_SECTION, .keys = table }
#define CONFIG_KEY_GROUP(n, fn)						\
	{ .name = n, .kind = CONFIG_GROUP, .group = fn }
#define CONFIG_KEYS_END	{ .name = NULL }

/* gateway/config_read.c */
/* Writes "FILE:LINE: what" once (the first error wins); returns -1. */
int	 config_bad(struct reader *, const config_setting_t *, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* -1 with the error when s is not a group. */
int	 config_want_group(struct reader *, const config_setting_t *);
/* Each setting of g read by the table into base; an unknown key is an error. */
int	 config_read_keys(struct reader *, const config_setting_t *g,
	    const struct config_key *keys, void *base);
/* The same, for a setting that must be a group: name = { ... }; */
int	 config_read_group(struct reader *, const config_setting_t *g,
	    const struct config_key *keys, void *base);
/* "HH:MM" with HH 00-23 and MM 00-59. */
int	 config_hhmm(const char *);

/* gateway/config_rules.c: what the handlers obey */
/* The tables of sections fill struct config. */
extern const struct config_key config_pin_keys[];
extern const struct config_key config_rate_limit_keys[];
extern const struct config_key config_wajib_keys[];
extern const struct config_key config_alerts_keys[];
int	 config_read_loan(struct reader *, const config_setting_t *, struct config *);
int	 config_read_kolektibilitas(struct reader *, const config_setting_t *,
	    struct config *);

/* gateway/config_channels.c: the HTTP listener, USSD and Kannel */
extern const struct config_key config_http_keys[];
extern const struct config_key config_ussd_keys[];
int	 config_read_kannel(struct reader *, const config_setting_t *, struct config *);

/* gateway/config_modems.c */
int	 config_read_modems(struct reader *, const config_setting_t *, struct config *);

/* gateway/config_daemon.c: the daemon's own upkeep */
extern const struct config_key config_outbox_keys[];
extern const struct config_key config_log_keys[];
int	 config_read_backup(struct reader *, const config_setting_t *, struct config *);
int	 config_check_timezone(struct reader *, const config_setting_t *, void *base);

#endif
