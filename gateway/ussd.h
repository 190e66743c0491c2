/*
 * USSD menus (SPEC §2): a session's `*`-joined inputs are walked from the
 * top menu every hop, so a hop needs no state but its path; the hop that
 * completes a command (the PIN, always asked last) runs the same SMS
 * command text through the same handlers, answered on the screen.
 */
#ifndef KOPDES_USSD_H
#define KOPDES_USSD_H

#include "gateway/gateway.h"

#define USSD_SCREEN_MAX	160	/* GSM-7 characters after CON / END */
#define USSD_TEXT_MAX	512	/* bytes of a session's path */
#define USSD_INPUTS_MAX	32
/* A PIN in a stored path; not **** since * joins the inputs. */
#define USSD_PIN_MARK	"[PIN]"

struct ussd_request {
	const char	*session_id;
	const char	*service_code;
	const char	*phone;
	const char	*network;
	const char	*text;		/* every input of the session, joined by '*' */
	int		 dry_run;	/* roll back whatever the hop did */
};

struct ussd_answer {
	int		 end;		/* END: the session is over */
	char		 screen[USSD_SCREEN_MAX + 1];	/* ASCII, without CON/END */
	char		 redacted[USSD_TEXT_MAX];	/* the path, PINs as [PIN] */
};

/* What a path leads to: a screen, or a command to run on the last input. */
struct ussd_walk {
	int		 end;
	char		 screen[USSD_SCREEN_MAX + 1];
	char		 command[128];			/* SMS text, PIN in clear; "" none */
	char		 consumed[USSD_TEXT_MAX];	/* the inputs up to the command */
	char		 redacted[USSD_TEXT_MAX];
};

/* gateway/ussd_menu.c */
/* -1 on a database error; show_notice puts the stranger's notice on top. */
int		 ussd_walk(struct db *, const struct rules *, int registered,
		    int show_notice, const char *text, struct ussd_walk *);
/* The path with every PIN as [PIN], as the menus of phone's owner read it. */
void		 ussd_redact(struct db *, const struct rules *, int registered,
		    const char *text, char *out, size_t len);
/* UTF-8 to what every handset shows: ASCII, accents dropped, others '?'. */
void		 ussd_ascii(const char *in, char *out, size_t len);
/* As snprintf "%s" (cut to len - 1), without its cost: the length copied. */
size_t		 ussd_copy(char *dst, size_t len, const char *src);

/* gateway/ussd.c */
enum ussd_result { USSD_OK = 0, USSD_ERROR = -1 };
/* One hop, answered when it returns; a command hop committed on its own. */
enum ussd_result ussd_hop(const struct handlers_env *, const struct ussd_request *,
		    struct ussd_answer *);
/*
 * A command hop walked but not yet run: command hops that arrive together
 * are run together, sharing one durable commit.
 */
struct ussd_command {
	struct ussd_request	 rq;		/* its strings owned; no text */
	char			 phone[24];	/* E.164 */
	time_t			 now;		/* when it came */
	struct ussd_walk	 w;		/* holds the PIN: wiped when freed */
	int			 answered;	/* the handler put its reply */
	struct ussd_answer	 answer;	/* set by ussd_commands_run */
	enum ussd_result	 result;
};
/*
 * A menu hop is answered in a (*cmd NULL); the hop that completes a
 * command gives *cmd, to run with others and free.
 */
enum ussd_result ussd_hop_start(const struct handlers_env *,
		    const struct ussd_request *, struct ussd_answer *,
		    struct ussd_command **cmd);
/*
 * One transaction for the n, each command in its own savepoint, and one
 * commit: every answer and result is set only once its rows are durable
 * (or undone: a dry run's are).  Returns the commits it made: 1, or one
 * a hop when the group's could not be made.
 */
int		 ussd_commands_run(const struct handlers_env *,
		    struct ussd_command **, size_t n);
void		 ussd_command_free(struct ussd_command *);
/* The aggregator's end-of-session notification, stored with input redacted. */
enum ussd_result ussd_end(const struct handlers_env *, const char *session_id,
		    const char *phone, const char *status, const char *input);

/* gateway/ussd_memory.c: paths of sessions whose aggregator sends one input */
struct ussd_memory;
struct ussd_memory *ussd_memory_new(int keep_seconds);
void		 ussd_memory_free(struct ussd_memory *);
/*
 * Turns this hop's input into the whole path (written to path) and
 * remembers it; a repeat of a session's last hop gets the same path.
 */
int		 ussd_memory_path(struct ussd_memory *, const char *session_id,
		    const char *input, time_t now, char *path, size_t len);
/* After the answer: an ended session's path is kept only to answer repeats. */
void		 ussd_memory_answered(struct ussd_memory *, const char *session_id,
		    int end);

#endif
