/*
 * kopdesctl's files share this: the opened database and config, and the
 * few helpers every subcommand uses.  Only gateway/kopdesctl.c and
 * gateway/ctl_*.c include it.
 */
#ifndef KOPDES_CTL_H
#define KOPDES_CTL_H

#include <stdio.h>

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
/* 1 when every word of argv was taken by an option, 0 when one was not. */
int		 ctl_all_used(int argc, const char *used);
/* At most one word no option took: 0 with it (NULL: none), -1: more. */
int		 ctl_one_word(int argc, char **argv, const char *used, const char **word);
/* A form whose only option is --csv: CTL_OK, or CTL_USAGE for anything else. */
int		 ctl_csv_only(int argc, char **argv, int *csv);
/* Joins the words of argv not marked used, from index `from`. */
int		 ctl_rest(int argc, char **argv, int from, char *used, char *out, size_t len);
/* An hctx for actions taken from the shell: no sender, no inbox row. */
void		 ctl_hctx(struct ctl *, struct hctx *);
/* The handlers' environment for a message handled in-process (sim, ussd). */
void		 ctl_env(struct ctl *, struct handlers_env *);
int		 ctl_print_queued(struct ctl *, int64_t since_outbox_id);
int		 ctl_print_inbox(struct ctl *, int64_t inbox_id);
int64_t		 ctl_last_outbox_id(struct ctl *);
/* tz_settle for kopdesctl: refuses with the reason, re-reads the clock. */
int		 ctl_settle_zone(struct ctl *, const char *change_to);
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
int		 ctl_price_alias(struct ctl *, int, char **);
int		 ctl_ledger_check(struct ctl *, int, char **);
int		 ctl_ledger_reverse(struct ctl *, int, char **);
int		 ctl_loan_approve(struct ctl *, int, char **);
int		 ctl_loan_reject(struct ctl *, int, char **);
int		 ctl_deposit_confirm(struct ctl *, int, char **);

/* gateway/ctl_backup.c */
int		 ctl_backup(struct ctl *, int, char **);
int		 ctl_restore(struct ctl *, int, char **);	/* opens no database first */

/* gateway/ctl_init.c */
int		 ctl_init(struct ctl *, int, char **);

/* gateway/ctl_queue.c */
int		 ctl_sim(struct ctl *, int, char **);
/* gateway/ctl_ussd.c */
int		 ctl_ussd(struct ctl *, int, char **);
int		 ctl_inject(struct ctl *, int, char **);
int		 ctl_outbox_list(struct ctl *, int, char **);
int		 ctl_status(struct ctl *, int, char **);

/* gateway/ctl_table.c: aligned tables with a header, or CSV */
#define TABLE_COLS 16
struct table {
	char		 spec[512];
	const char	*head[TABLE_COLS];
	int		 right[TABLE_COLS];	/* numbers: aligned right */
	int		 ncols;
	int		 csv;
	char		***rows;
	int		*total;			/* row i is a totals row */
	int		 nrows, cap;
};
/* columns: "Kode|Nama|>Jumlah", a leading > aligns a column right. */
void		 table_init(struct table *, int csv, const char *columns);
int		 table_row(struct table *, ...);	/* ncols strings */
int		 table_total(struct table *, ...);	/* left out of CSV */
void		 table_print(struct table *, FILE *);
void		 table_free(struct table *);
/* Rp1.250.000 on screen, 1250000 in CSV. */
const char	*table_rp(const struct table *, int64_t, char *buf, size_t len);
const char	*table_int(int64_t, char *buf, size_t len);
int		 ctl_day_start(const char *ymd, time_t *out);
int		 ctl_day_end(const char *ymd, time_t *out);

/* gateway/ctl_member_edit.c */
int		 ctl_member_any(struct ctl *, const char *ref, struct member *);
/* NIK (16 digits), address, joined date: 1 fit, 0 not (why says). */
int		 ctl_member_fields_ok(const char *nik, const char *addr, const char *joined,
		    char *why, size_t whylen);
/* Writes them (NULL: unchanged; a new member joined today); 0 or -1. */
int		 ctl_member_fields(struct ctl *, int64_t member_id, const char *nik,
		    const char *addr, const char *joined, int new_member);
int		 ctl_member_show(struct ctl *, int, char **);
int		 ctl_member_edit(struct ctl *, int, char **);
int		 ctl_member_leave(struct ctl *, int, char **);

/* gateway/ctl_loans.c */
struct loan_sisa {
	int64_t		 sisa;		/* principal and interest left, as TAGIHAN says */
	int64_t		 principal_left;
	int64_t		 instalment;	/* the oldest unpaid one, without penalty */
	int64_t		 penalty;	/* due today */
	int64_t		 overdue_amount;
	int		 overdue;	/* instalments past due */
	int		 days_late;	/* of the oldest unpaid one; 0 on time */
	char		 next_due_on[11];
};
int		 ctl_loan_sisa(struct ctl *, const struct loan *, struct loan_sisa *);
int		 ctl_kol_class(const struct ctl *, int days_late);	/* 0 lancar .. 4 macet */
const char	*ctl_kol_name(int cls);
int		 ctl_loan_list(struct ctl *, int, char **);
int		 ctl_report_kolektibilitas(struct ctl *, int, char **);

/* gateway/ctl_ledger.c */
int		 ctl_ledger_filter(struct ctl *, const char *from, const char *to,
		    const char *member, struct ledger_filter *);
int		 ctl_ledger_list(struct ctl *, int, char **);
/* The new ref, then what was reversed and for whom. */
int		 ctl_print_reversed(struct ctl *, const char *ref, const char *newref);
/* 0 for an entry that is not undone by reversal (a leaving payout), 1, -1. */
int		 ctl_reversible(struct ctl *, const char *ref);

/* gateway/ctl_inbox.c */
int		 ctl_inbox_list(struct ctl *, int, char **);
int		 ctl_outbox_cancel(struct ctl *, int, char **);
int		 ctl_outbox_view(struct ctl *, int, char **);	/* falls back on ctl_outbox_list */
int		 ctl_deposit_list(struct ctl *, int, char **);
int		 ctl_deposits_waiting(struct ctl *, int64_t *n, int64_t *amount);

/* gateway/ctl_report.c */
int		 ctl_report_harian(struct ctl *, int, char **);
int		 ctl_report_bulanan(struct ctl *, int, char **);
int		 ctl_report_neraca(struct ctl *, int, char **);

/* gateway/ctl_export.c */
int		 ctl_export_members(struct ctl *, int, char **);
int		 ctl_export_loans(struct ctl *, int, char **);
int		 ctl_export_ledger(struct ctl *, int, char **);

/* gateway/ctl_help.c: the line that says what a form does, or NULL */
const char	*ctl_help_text(const struct ctl_command *);

#endif
