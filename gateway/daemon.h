/*
 * What the daemon's files share inside gateway/: the one struct the loop
 * owns.  Nothing outside gateway/ includes this.
 */
#ifndef KOPDES_DAEMON_H
#define KOPDES_DAEMON_H

#include <event2/event.h>

#include "gateway/gateway.h"
#include "modem/modem.h"

#define PROCESS_BATCH		500	/* inbox rows a transaction */
#define SEND_INFLIGHT_MAX	32	/* SMS handed to one modem, not yet recorded */
#define SEND_SCAN_MAX		64	/* due outbox rows looked at a pass */
/*
 * The daemon's connection waits this long for a lock, no longer: the
 * loop must stay responsive while another program writes, and work
 * that found the database busy is tried again from a timer.
 */
#define DAEMON_BUSY_MS		100
#define RETRY_FIRST_MS		250	/* first pause after a failed commit */
#define RETRY_MAX_MS		8000	/* the pause doubles up to this */

struct gw_modem;
struct evhttp;
struct ussd_memory;
struct ussd_batch;
struct kannel;
struct mo_batch;

/* gateway/retry.c: one kind of work that failed to commit, tried again */
struct retry {
	struct event	*ev;		/* the timer of the next try */
	const char	*what;		/* for the log */
	int		 failing;	/* an episode is on: logged once */
	long		 tries;		/* failed, this episode */
	long		 episodes;	/* since start */
	int		 first_ms, max_ms, pause_ms;
};
int		 retry_init(struct retry *, struct event_base *, const char *what,
		    event_callback_fn, void *arg);
void		 retry_free(struct retry *);
int		 retry_waiting(const struct retry *);	/* a try is scheduled */
void		 retry_begin(struct retry *, struct db *);	/* before each try */
/* Logs the first failure of an episode and schedules the next try. */
void		 retry_failed(struct retry *, struct db *, const char *detail);
void		 retry_ok(struct retry *, struct db *);	/* logs the recovery */

struct daemon {
	struct config		*cfg;
	const char		*config_path;
	struct db		 db;
	struct pin_key		 key;
	struct handlers_env	 env;
	struct event_base	*base;
	struct event		*ev_term, *ev_int, *ev_hup;
	struct event		*ev_process;	/* made active when rows wait */
	struct event		*ev_send;	/* the send pass, on a tick */
	struct event		*ev_minute;	/* status and reminders */
	struct gw_modem		*modems;
	int			 nmodems;
	int			 next_modem;	/* round robin of sends */
	/*
	 * An SMS stays here from the moment a modem is given it until its
	 * result is committed, so that a row whose result could not be
	 * recorded is never handed to a modem again.
	 */
	struct inflight {
		int64_t		 outbox_id;	/* 0: free slot */
		int		 modem;
		int		 done;		/* res holds the modem's answer */
		struct modem_result res;
	}			*inflight;
	int			 ninflight;	/* slots */
	struct retry		 rt_results;	/* send results to record */
	struct retry		 rt_store;	/* received SMS to store */
	struct retry		 rt_process;	/* inbox rows to handle */
	int			 stopping;
	int			 db_lost;	/* the path no longer names d->db's file */
	enum db_presence	 db_presence;	/* how, while db_lost */
	int			 db_wal_kept;	/* its -wal could not be emptied */
	struct checkpointer	*ckpt;		/* NULL: SQLite checkpoints in commits */
	time_t			 db_said_at;	/* last warning, monotonic seconds */
	struct backup_job	*backup;	/* the nightly copy under way */
	struct event		*ev_backup;	/* its next step */
	time_t			 backup_tried;
	int			 lock_fd;	/* DATABASE.lock, flocked */
	int			 modem_lock_fd[MODEMS_MAX];
	struct evhttp		*http;		/* NULL: no listener */
	struct ussd_memory	*ussd;		/* paths of last-input-only sessions */
	uint64_t		 http_requests;	/* since start, for the metrics */
	uint64_t		 http_refused;
	uint64_t		 ussd_hops;
	struct ussd_batch	*ussd_batch;	/* command hops waiting for their commit */
	uint64_t		 ussd_commands;	/* command hops run, since start */
	uint64_t		 ussd_commits;	/* durable commits they took */
	struct kannel		*kannel;	/* NULL: no Kannel link */
	struct mo_batch		*mo;		/* Kannel MOs and DLRs awaiting commit */
};

/* gateway/dbwatch.c: the database file stays the one opened */
int		 daemon_db_open(struct daemon *);	/* an existing one only */
/* 1 while the path names the file opened; else 0, and it says so. */
int		 daemon_db_ok(struct daemon *);
/*
 * gateway/daemon.c: daemon_run is open, dispatch, close; a test may run
 * the loop itself between the two.
 */
struct daemon	*daemon_open(struct config *, const char *config_path);
void		 daemon_close(struct daemon *);

/* Links are the modems 0..nmodems-1, then Kannel. */
#define LINK_KANNEL(d)	((d)->nmodems)

/* gateway/modems.c: the loop's side of the modem workers */
int		 modems_start(struct daemon *);
/* A modem able to take one more SMS now, not `avoid` if another can; -1 none. */
int		 modems_pick(struct daemon *, const char *avoid);
int		 modems_submit(struct daemon *, int modem, int64_t outbox_id,
		    const char *phone, const char *text);
const char	*modems_name(struct daemon *, int modem);
void		 modems_stop(struct daemon *);
void		 modems_wake(struct daemon *);	/* take what workers hold now */
void		 modems_save_status(struct daemon *);
/* gateway/backup_daily.c: backup = { dir; time; keep; } */
void		 backup_daily_check(struct daemon *);	/* each minute */
void		 backup_daily_stop(struct daemon *);
/* gateway/lock.c: refuses a second daemon on the database or a modem */
int		 locks_take(struct daemon *);
void		 locks_release(struct daemon *);
/* gateway/links.c: the SMS links, modems and Kannel, as the sender sees them */
/*
 * A link able to take one more SMS now: the one the message came in on
 * when it can, not `avoid` if another can; -1 none.
 */
int		 links_pick(struct daemon *, const char *avoid, const char *came_in);
int		 links_submit(struct daemon *, int link, int64_t outbox_id,
		    const char *phone, const char *text);
/* gateway/kannel.c: Kannel's sendsms as an SMS link */
int		 kannel_start(struct daemon *);	/* 0 also when not configured */
void		 kannel_stop(struct daemon *);
int		 kannel_can_take(struct daemon *);
struct kannel_counts {
	uint64_t	 sent;		/* handed over (0: or 3:) since start */
	uint64_t	 failed;	/* refused or unanswered since start */
	int		 up;		/* not in the pause after a refused connection */
};
void		 kannel_counts(struct daemon *, struct kannel_counts *);
int		 kannel_submit(struct daemon *, int64_t outbox_id, const char *phone,
		    const char *text);
/* gateway/sender.c: hands due outbox rows to modems, records results */
void		 sender_kick(struct daemon *);
struct modem_result;
void		 sender_results(struct daemon *, int modem, const struct modem_result *,
		    size_t n);
int		 sender_inflight(struct daemon *, int64_t outbox_id);
/* Commits the results in hand; 0 done (or none), -1 kept for a later try. */
int		 sender_record(struct daemon *);
int		 sender_unrecorded(struct daemon *);	/* results waiting */
/* gateway/modems.c: received SMS not yet stored, kept off the phone's delete */
int		 modems_store_held(struct daemon *);	/* 0 all stored, -1 not */
void		 modems_take_results(struct daemon *);	/* at a stop */

#endif
