/*
 * handlers/: the SMS command language (SPEC §3) and what each command does.
 *
 * A message goes parse_command() -> handle_message() -> the entry's exec.
 * The keyword table in handlers/table.c is the one place that maps words
 * to commands: a new command is one file here plus one line there.  No
 * handler knows which channel (modem, Kannel, USSD, kopdesctl sim) it
 * serves; it reads the parsed command and writes replies through the
 * helpers in handlers/reply.c.  The reply to the sender goes to the
 * context's reply sink (the outbox when there is none); everything sent to
 * anyone else is an SMS in the outbox.
 */
#ifndef KOPDES_HANDLERS_H
#define KOPDES_HANDLERS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "db/db.h"

#define MSG_MAX		1000	/* bytes of SMS text the parser looks at */
#define TOKENS_MAX	24
#define PIN_KEY_LEN	32

/* What the config says the handlers must enforce (SPEC §8). */
struct rules {
	char		 cooperative[96];
	int		 loan_rate_bp_month;
	int		 loan_min_months;
	int		 loan_max_months;
	int		 loan_max_multiple;	/* of the member's total savings */
	int64_t		 loan_max_amount;
	int		 loan_penalty_bp_day;
	int		 reminder_days_before;
	int		 pin_max_tries;
	int		 rate_messages;		/* per rate_per_seconds, officers exempt */
	int		 rate_per_seconds;
	int		 alert_per_deposit;	/* 0: bendahara gets the daily summary only */
	char		 ussd_code[32];		/* shown by BANTUAN; "" when USSD is off */
};
void		 rules_default(struct rules *);

struct pin_key {
	unsigned char	 k[PIN_KEY_LEN];
};

/*
 * A command's forms are templates of slots matched against the words after
 * the keyword:  M member (A017 or a phone number), A amount, N months,
 * t optional saving type (POKOK/WAJIB/SUKARELA), C code (P0007, S0042),
 * I item words (one or more, only first), P PIN (4-6 digits),
 * Q new PIN.  "" is the form with no words.
 */
struct handler_form {
	const char	*slots;
	const char	*usage;		/* shown when no form matches */
};

struct hctx;
struct handler_entry {
	const char	*name;			/* keyword, upper case */
	const char	*aliases[4];		/* NULL-terminated */
	unsigned	 roles;			/* ROLE_* bits that may use it */
	int		 public_;		/* unregistered numbers may use it */
	struct handler_form forms[4];		/* tried in order, ends at slots NULL */
	int		(*exec)(struct hctx *);
	const char	*help;			/* BANTUAN line, short */
};

enum parse_error {
	PARSE_OK = 0,
	PARSE_EMPTY,
	PARSE_TOO_LONG,
	PARSE_UNKNOWN_COMMAND,
	PARSE_BAD_FORM,		/* words do not fit any form */
	PARSE_BAD_AMOUNT,
	PARSE_AMOUNT_TOO_LARGE,
	PARSE_BAD_PIN,
	PARSE_BAD_MEMBER,
	PARSE_BAD_MONTHS,
	PARSE_BAD_CODE,
	PARSE_TOO_MANY_WORDS,
};

struct parsed {
	const struct handler_entry *entry;
	int		 form;			/* index into entry->forms */
	char		 member[20];		/* A017 upper-cased, or E.164 */
	int		 member_is_phone;
	int64_t		 amount;
	int		 months;
	int		 has_type;
	enum saving_type type;
	char		 code[12];		/* upper-cased */
	char		 item[64];		/* words joined by one space */
	char		 pin[8];
	char		 newpin[8];
	int		 has_pin;
	char		 redacted[MSG_MAX + 1];	/* the text with every PIN as **** */
	enum parse_error err;
	char		 err_word[32];		/* the word refused, if one */
};

/* handlers/parse.c */
int		 parse_command(const char *text, size_t len, struct parsed *);	/* 0 or -1 with err set */
int		 parse_amount(const char *word, size_t len, int64_t *out);	/* PARSE_* */
int		 phone_normalize(const char *in, char *out, size_t outlen);	/* 0 ok, -1 not a phone */
int		 sender_is_person(const char *sender);	/* 0 for alphanumeric and short codes */
int		 pin_wellformed(const char *pin);
void		 redact_unparsed(const char *text, size_t len, char *out, size_t outlen);
const char	*parse_error_text(const struct parsed *, char *buf, size_t len);

/* handlers/table.c */
extern const struct handler_entry *const handler_table[];
const struct handler_entry *handler_find(const char *word, size_t len);

/* handlers/auth.c: keyed BLAKE2b PIN hashes and the lock (SPEC §6) */
int		 pin_key_load(const char *path, struct pin_key *, int create);
void		 pin_hash(const struct pin_key *, const unsigned char *salt, const char *pin,
		    unsigned char *out);
int		 pin_set(struct db *, const struct pin_key *, int64_t member_id, const char *pin);
/* 1 right, 0 wrong (try counted, maybe locked), -1 error; *locked set. */
int		 pin_check(struct db *, const struct pin_key *, const struct rules *,
		    struct member *, const char *pin, time_t now, int *locked);

/*
 * Where the reply to the sender goes when it is not an SMS: a USSD screen
 * or kopdesctl's terminal.  put() gets every reply to the sender, already
 * formatted, in the message's transaction; the last one is the answer.
 * It returns 0, or -1 to fail the message.
 */
struct hctx;
struct reply_sink {
	int		(*put)(struct reply_sink *, struct hctx *, const char *text);
	void		*arg;
};

/* The context a command runs in. */
struct hctx {
	struct db		*db;
	const struct rules	*rules;
	const struct pin_key	*key;
	time_t			 now;
	char			 today[11];	/* YYYY-MM-DD, local time */
	int64_t			 inbox_id;
	const char		*sender;	/* E.164 */
	struct member		 me;		/* valid when registered */
	int			 registered;
	const struct parsed	*cmd;
	int			 queued;	/* SMS put in the outbox so far */
	struct reply_sink	*sink;		/* NULL: the reply is an SMS */
};

/* handlers/reply.c: every SMS the handlers cause goes through these */
char		*fmt_rp(int64_t rupiah, char *buf, size_t len);	/* Rp1.250.000 */
int		 sms_units(const char *utf8);	/* GSM-7 septets, or -1 if UCS-2 needed */
int		 reply(struct hctx *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
int		 notify(struct hctx *, const char *phone, enum outbox_priority,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* To every member holding one of roles, except except_id. */
int		 notify_roles(struct hctx *, unsigned roles, int64_t except_id,
		    enum outbox_priority, const char *fmt, ...)
		    __attribute__((format(printf, 5, 6)));
/* For sinks: records the reply as answered on channel (never sent again). */
int		 reply_record(struct hctx *, enum channel, const char *text);
/* For sinks: queues the reply to the sender as an SMS after all. */
int		 reply_as_sms(struct hctx *, const char *text);

/* handlers/members.c: what several handlers need to know about members */
int		 member_resolve(struct hctx *, const char *ref, int is_phone, struct member *);
int		 member_savings(struct db *, int64_t member_id, int64_t *pokok, int64_t *wajib,
		    int64_t *sukarela);
int		 member_loan_outstanding(struct db *, int64_t member_id, int64_t *principal);

/* handlers/savings.c: deposits, whichever way the cash came in */
const char	*member_label(const struct member *, char *buf, size_t len);	/* A017 Siti */
/*
 * Posts a deposit made by officer_id (0: kopdesctl) and queues the
 * member's confirmation and the bendahara alert; replies nothing.
 */
int		 deposit_post(struct hctx *, const struct member *, int64_t amount,
		    enum saving_type, int64_t officer_id, int64_t *journal_id,
		    char ref[LEDGER_REF_LEN]);
/* A pending deposit by code: 1 posted, 0 no such code, -2 received already, -1 error. */
int		 deposit_receive(struct hctx *, const char *code, int64_t officer_id,
		    struct pending_deposit *, struct member *, char ref[LEDGER_REF_LEN]);

/* handlers/loans.c: deciding and standing of loans, for SMS and kopdesctl alike */
struct loan_standing {
	int64_t		 principal_left;
	int64_t		 interest_left;
	int64_t		 penalty_due;	/* as of today */
	int64_t		 total_due;	/* everything, to pay the loan off today */
	int		 left;		/* unpaid instalments */
	int		 overdue;	/* of which past their due date */
	int64_t		 overdue_amount;
	int		 has_next;
	struct instalment next;		/* the oldest unpaid one */
	int64_t		 next_due;	/* what is still due on it, penalty too */
};
#define LOAN_MONTHS_MAX 120
int		 loan_standing(struct db *, const struct loan *, const char *today,
		    int penalty_bp_day, struct loan_standing *);
/* 1 done; 0 refused, why says so; -1 error.  The member is told. */
int		 loan_approve(struct hctx *, struct loan *, int64_t officer_id,
		    char ref[LEDGER_REF_LEN], char *why, size_t whylen);
int		 loan_reject(struct hctx *, struct loan *, int64_t officer_id,
		    char *why, size_t whylen);

/* handlers/harga_match.c: indexes into names of what query means, best first */
int		 harga_match(const char *query, const char *const *names, int n,
		    int *out, int max);

/* handlers/date.c: calendar days in the cooperative's local time */
void		 date_of(time_t, char out[11]);
int		 date_add_months(const char *ymd, int months, int day, char out[11]);
int		 date_days_between(const char *from, const char *to);	/* to - from */
void		 date_human(const char *ymd, char *out, size_t len);	/* 23 Nov 2026 */

/* handlers/loan_calc.c: the arithmetic of SPEC §4 loans, no I/O */
int		 loan_schedule(int64_t principal, int months, int rate_bp,
		    const char *disbursed_on, struct instalment *out);
int64_t		 instalment_penalty(const struct instalment *, const char *today,
		    int penalty_bp_day);

/* handlers/dispatch.c: one incoming SMS, start to finish, in the caller's transaction */
struct handlers_env {
	struct db		*db;
	const struct rules	*rules;
	const struct pin_key	*key;
	time_t			 now;
	struct reply_sink	*sink;		/* for the sender's reply; NULL: SMS */
};
/* A context for work the gateway does on its own: no sender, no inbox row. */
void		 hctx_from_env(const struct handlers_env *, struct hctx *);
/* Returns 0 when the message was handled (replies queued), -1 on error. */
int		 handle_message(const struct handlers_env *, struct inbox_msg *);
/* Reminders a number of days before each due date and on overdue. */
int		 reminders_run(const struct handlers_env *);
/* handlers/summary.c: the day's summary to every bendahara, once a day. */
int		 summary_run(const struct handlers_env *);

/* One file each, listed in handler_table. */
extern const struct handler_entry handler_saldo, handler_simpan, handler_terima,
    handler_tarik, handler_pinjam, handler_setuju, handler_tolak, handler_bayar,
    handler_tagihan, handler_harga, handler_pin, handler_bantuan;

#endif
