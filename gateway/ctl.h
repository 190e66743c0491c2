/*
 * kopdesctl's files share this: the opened database and config, and the
 * few helpers every subcommand uses.  Only gateway/kopdesctl.c and
 * gateway/ctl_*.c include it.
 */
#ifndef KOPDES_CTL_H
#define KOPDES_CTL_H

#include "gateway/gateway.h"

#define CTL_OK		0
#define CTL_REFUSED	1
#define CTL_USAGE	2

struct ctl {
	struct config	 cfg;
	const char	*config_path;	/* -c, or NULL */
	const char	*dbpath;	/* --db, or NULL */
	struct db	 db;
	int		 db_open;
	struct pin_key	 key;
	time_t		 now;
};

struct ctl_command {
	const char	*group;		/* "member", or NULL for a one-word command */
	const char	*name;
	const char	*usage;
	int		(*fn)(struct ctl *, int argc, char **argv);
	int		 needs_key;
};

/* gateway/kopdesctl.c */
int		 ctl_refuse(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The value after --name in argv, or NULL; marks both words used. */
const char	*ctl_opt(int argc, char **argv, const char *name, char *used);
int		 ctl_has_flag(int argc, char **argv, const char *name, char *used);
/* Joins the words of argv not marked used, from index `from`. */
int		 ctl_rest(int argc, char **argv, int from, char *used, char *out, size_t len);
/* An hctx for actions taken from the shell: no sender, no inbox row. */
void		 ctl_hctx(struct ctl *, struct hctx *);
int		 ctl_print_queued(struct ctl *, int64_t since_outbox_id);
int		 ctl_print_inbox(struct ctl *, int64_t inbox_id);
int64_t		 ctl_last_outbox_id(struct ctl *);
/* PHONE<TAB>TEXT on one line, then <TAB>mark when mark is not NULL. */
void		 ctl_print_line(const char *phone, const char *text, const char *mark);

/* gateway/ctl_member.c */
int		 ctl_member_add(struct ctl *, int, char **);
int		 ctl_member_list(struct ctl *, int, char **);
int		 ctl_member_import(struct ctl *, int, char **);
int		 ctl_member_unlock(struct ctl *, int, char **);
int		 ctl_member_pin_reset(struct ctl *, int, char **);

/* gateway/ctl_books.c */
int		 ctl_price_set(struct ctl *, int, char **);
int		 ctl_price_list(struct ctl *, int, char **);
int		 ctl_ledger_check(struct ctl *, int, char **);
int		 ctl_ledger_reverse(struct ctl *, int, char **);
int		 ctl_loan_list(struct ctl *, int, char **);
int		 ctl_loan_approve(struct ctl *, int, char **);
int		 ctl_loan_reject(struct ctl *, int, char **);
int		 ctl_deposit_confirm(struct ctl *, int, char **);

/* gateway/ctl_queue.c */
int		 ctl_init(struct ctl *, int, char **);
int		 ctl_sim(struct ctl *, int, char **);
/* gateway/ctl_ussd.c */
int		 ctl_ussd(struct ctl *, int, char **);
int		 ctl_inject(struct ctl *, int, char **);
int		 ctl_outbox_list(struct ctl *, int, char **);
int		 ctl_status(struct ctl *, int, char **);

#endif
