/*
 * gateway/: the daemon kopdesd, the control tool kopdesctl, the config and
 * the loop that joins modems to handlers.  Configuration is one struct,
 * loaded in one place (config.c) and passed down.
 */
#ifndef KOPDES_GATEWAY_H
#define KOPDES_GATEWAY_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "db/db.h"
#include "handlers/handlers.h"

#define MODEMS_MAX	16
#define CONFIG_ERR_LEN	512

struct modem_conf {
	char		 name[32];
	char		 driver[16];		/* modem/driver.c's table: "gammu" */
	char		 model[32];		/* Gammu model, "" = auto; "dummy" */
	char		 connection[32];	/* Gammu connection: at, none, ... */
	char		 device[PATH_MAX];	/* /dev/ttyUSB0, or the dummy's folder */
	int		 send_per_minute;	/* SMS parts a minute, 0 = no limit */
	int		 timeout_seconds;	/* a call longer than this is aborted */
};

/* Kannel as an SMS link (notes/kannel.md): its sendsms out, our /kannel paths in. */
struct kannel_conf {
	int		 enabled;		/* a kannel group is in the config */
	char		 sendsms_url[256];	/* http://127.0.0.1:13013/cgi-bin/sendsms */
	char		 username[64];
	char		 password[64];
	char		 from[32];		/* the cooperative's number or short code */
	char		 dlr_url[256];		/* our /kannel/dlr as Kannel reaches it */
	int		 send_per_second;	/* 0: no limit */
	int		 max_parts;		/* the sendsms-user's max-messages */
};

struct config {
	char		 path[PATH_MAX];	/* the file read, "" for defaults */
	char		 database[PATH_MAX];
	char		 pin_key_file[PATH_MAX];
	struct rules	 rules;
	struct modem_conf modems[MODEMS_MAX];
	int		 nmodems;
	char		 http_listen[64];	/* loopback by default */
	int		 http_port;
	char		 http_secret[128];
	char		 ussd_service_code[32];
	int		 http_timeout_seconds;	/* a client slower than this is dropped */
	int		 ussd_last_input_only;	/* the aggregator sends the last input only */
	int		 ussd_session_seconds;	/* how long such a session's path is kept */
	struct kannel_conf kannel;
	char		 summary_time[6];	/* HH:MM of the treasurer's daily summary */
	int		 outbox_max_tries;
	int		 outbox_retry_seconds;	/* first backoff, doubled each try */
	int		 poll_seconds;		/* how often a modem's inbox is read */
	int		 status_seconds;	/* how often modem status is refreshed */
	char		 log_level[16];		/* error, warning, info, debug */
	char		 timezone[40];		/* Asia/Jakarta, ... (gateway/tz.c) */
	int		 timezone_set;		/* named in the file, not the default */
	struct backup_conf {
		char	 dir[PATH_MAX];		/* "" = no scheduled backup */
		char	 time[6];		/* HH:MM local */
		int	 keep;			/* newest copies kept in dir */
	}		 backup;
	/* First day past due of dalam perhatian khusus, kurang lancar, diragukan, macet. */
	int		 kol_from_days[4];
};

/* gateway/config.c */
void		 config_default(struct config *);
/*
 * Reads path over the defaults; on failure returns -1 and writes
 * "FILE:LINE: what was expected" into err.  Relative paths in the file are
 * taken relative to the current directory, as the daemon is started from
 * the install's root (README, systemd unit).
 */
int		 config_load(const char *path, struct config *, char *err, size_t errlen);

/* gateway/inbound.c: one message stored, handled and answered in one transaction */
struct inbound {
	enum channel	 channel;	/* recorded on the inbox row */
	const char	*link;		/* inbox.modem: "sim", "ussd" */
	const char	*from;
	const char	*text;
	const unsigned char *dedupe;	/* NULL, or the key of a repeat */
	size_t		 dedupe_len;
	struct reply_sink *sink;	/* NULL: the reply is an SMS */
	int		 dry_run;	/* roll everything back at the end */
	/* Sees the rows before they commit or roll back; may be NULL. */
	int		(*inspect)(struct db *, struct inbound *, void *arg);
	void		*arg;
	int64_t		 inbox_id;	/* set: the row made, or the earlier one */
	int		 duplicate;	/* set: a repeat, nothing handled again */
};
int		 inbound_handle(const struct handlers_env *, struct inbound *);
/* The same inside the caller's transaction, which it neither commits nor undoes. */
int		 inbound_run(const struct handlers_env *, struct inbound *);
/* One SMS through the whole path, committed; *inbox_id names it. */
int		 sim_message(const struct handlers_env *, const char *from, const char *text,
		    int64_t *inbox_id);

/* gateway/pipeline.c: store what modems received, then handle it in batches */
struct received_sms {
	const char	*modem;
	const char	*sender;
	time_t		 smsc_time;
	char		*text;		/* UTF-8, the whole joined message */
	int64_t		 inbox_id;	/* set by pipeline_store */
	int		 duplicate;	/* set: a copy of a stored SMS */
};
/* One transaction for the lot; on return every SMS may be deleted from its modem. */
int		 pipeline_store(struct db *, const struct pin_key *, struct received_sms *,
		    size_t n, time_t now);
/* Handles up to max waiting inbox rows in one transaction; returns how many. */
int		 pipeline_process(const struct handlers_env *, int max);
/*
 * Both in one transaction and one commit: the SMS stored (at env->now)
 * and up to max waiting rows handled; -1 undoes both, and nothing is stored.
 */
int		 pipeline_store_and_process(const struct handlers_env *,
		    const struct pin_key *, struct received_sms *, size_t n, int max);

/* gateway/daemon.c: the loop; returns 0 after a clean SIGTERM/SIGINT */
int		 daemon_run(struct config *, const char *config_path);

/*
 * gateway/daemonize.c: to the background, with the parent waiting until
 * daemonize_ready (exit 0) or the child's end (exit 1, the reason on
 * stderr).  -1 with errno if it cannot fork.
 */
int		 daemonize(void);
void		 daemonize_ready(void);	/* no-op in the foreground */

/* gateway/clock.c: time as the gateway sees it (KOPDES_NOW pins it for tests) */
time_t		 clock_now(void);

/* gateway/lock.c: one kopdesd per database and per modem */
enum lock_result {
	LOCK_TAKEN,		/* ours until the process ends or lock_release */
	LOCK_FREE,		/* lock_probe: nobody holds it */
	LOCK_HELD,		/* another process holds it; lock_holder says who */
	LOCK_ERROR,		/* logged */
};
struct lock_holder {
	long		 pid;		/* 0 when the file does not say */
	time_t		 since;
};
enum lock_result lock_take(const char *path, int *fd, struct lock_holder *);
enum lock_result lock_probe(const char *path, struct lock_holder *);
void		 lock_release(int fd);
void		 lock_db_path(const char *database, char *out, size_t len);
void		 lock_modem_path(const struct modem_conf *, char *out, size_t len);

/* gateway/backup.c: FILE, FILE.key and FILE.sha256, and the key's check value */
#define KEY_CHECK_HEX	33
enum key_result {
	KEY_OK,
	KEY_REFUSED,		/* err says why */
};
void		 key_check_value(const struct pin_key *, char hex[KEY_CHECK_HEX]);
/* Records the key's check value in a database without one, else compares. */
enum key_result	 key_settle(struct db *, const struct pin_key *, char *err, size_t errlen);
enum backup_result {
	BACKUP_MORE,		/* step again */
	BACKUP_DONE,		/* FILE, FILE.key and FILE.sha256 are in place */
	BACKUP_FAILED,		/* err says why; nothing half-made is left */
};
struct backup_job {
	struct db_copy	 copy;
	int		 started;
	time_t		 at;
	char		 file[PATH_MAX];
	char		 tmp[PATH_MAX + 8];
	char		 key_file[PATH_MAX];
};
enum backup_result backup_start(struct backup_job *, struct db *src, const char *file,
		    const char *key_file, char *err, size_t errlen);
enum backup_result backup_step(struct backup_job *, int pages, char *err, size_t errlen);
void		 backup_abort(struct backup_job *);
int		 backup_verify_sums(const char *file, int with_key, char *err,
		    size_t errlen);
void		 backup_file_name(const char *dir, time_t, char *out, size_t len);
int		 backup_prune(const char *dir, int keep);	/* how many removed, -1 */
int		 backup_record(struct db *, time_t at, const char *file);
int		 file_sha256(const char *path, char hex[65]);
int		 file_copy(const char *src, const char *dst);

/* gateway/tz.c: one time zone for the cooperative, recorded in its database */
enum tz_result {
	TZ_OK,
	TZ_REFUSED,		/* err says why; nothing dated yet */
};
int		 tz_known(const char *zone);
void		 tz_apply(const char *zone);
/*
 * Settles the zone with the one the database was dated in and applies it:
 * a database without one records cfg's; change_to (kopdesctl init
 * --timezone) replaces it on purpose; a config naming another zone than
 * the database's is refused.  cfg->timezone ends as the zone in force.
 */
enum tz_result	 tz_settle(struct db *, struct config *cfg, const char *change_to,
		    char *err, size_t errlen);

#endif
