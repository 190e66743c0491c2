/*
 * What the daemon's files share inside gateway/: the one struct the loop
 * owns.  Nothing outside gateway/ includes this.
 */
#ifndef KOPDES_DAEMON_H
#define KOPDES_DAEMON_H

#include <event2/event.h>

#include "gateway/gateway.h"

#define PROCESS_BATCH		500	/* inbox rows a transaction */
#define SEND_INFLIGHT_MAX	32	/* SMS handed to one modem, not yet done */
#define SEND_SCAN_MAX		64	/* due outbox rows looked at a pass */

struct gw_modem;
struct evhttp;
struct ussd_memory;
struct kannel;
struct mo_batch;

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
	struct inflight {
		int64_t		 outbox_id;	/* 0: free slot */
		int		 modem;
	}			*inflight;
	int			 ninflight;	/* slots */
	int			 stopping;
	struct evhttp		*http;		/* NULL: no listener */
	struct ussd_memory	*ussd;		/* paths of last-input-only sessions */
	uint64_t		 http_requests;	/* since start, for the metrics */
	uint64_t		 http_refused;
	uint64_t		 ussd_hops;
	struct kannel		*kannel;	/* NULL: no Kannel link */
	struct mo_batch		*mo;		/* Kannel MOs waiting for their commit */
};

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
void		 modems_save_status(struct daemon *);
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

#endif
