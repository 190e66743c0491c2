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
	int		 alert_per_withdrawal;	/* the same for TARIK */
	int		 alert_per_repayment;	/* for BAYAR */
	int		 alert_per_pin_lock;	/* a PIN locked after wrong tries */
	int		 alert_per_reversal;	/* an entry reversed by the board */
	int64_t		 wajib_amount;		/* simpanan wajib a month, 0: none */
	int		 wajib_due_day;		/* day of the month it is due, 1-28 */
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
 * Q new PIN, L the word ALIAS.  "" is the form with no words.
 */
struct handler_form {
	const char	*slots;
	const char	*usage;		/* what to type, with an example; shown when no form matches */
};

struct hctx;
struct handler_entry {
	const char	*name;			/* keyword, upper case */
	const char	*aliases[6];		/* NULL-terminated */
	unsigned	 roles;			/* ROLE_* bits that may use it */
	int		 public_;		/* unregistered numbers may use it */
	struct handler_form forms[5];		/* tried in order, ends at slots NULL */
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
	PARSE_COURTESY,		/* only polite words and greetings */
};

/*
 * Runs of digits in a message that may be the sender's PIN: every run of
 * 4-6 digits that is not an amount, member number, phone number or code
 * the parse took as such.  Replies must not show any of them.
 */
#define PIN_RUN_MIN		4
#define PIN_RUN_MAX		6
#define PIN_SUSPECTS_MAX	16
struct pin_suspects {
	char		 run[PIN_SUSPECTS_MAX][PIN_RUN_MAX + 1];
	int		 n;
	int		 overflow;	/* more than fit: every run is suspect */
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
	struct pin_suspects suspects;
	enum parse_error err;
	char		 err_word[32];		/* the word refused, if one */
	const struct handler_entry *hint;	/* a keyword further on, for an unknown first word */
	int		 greeting;		/* the message began with one */
	int		 thanks;		/* it said thank you */
};

/* handlers/parse.c */
int		 parse_command(const char *text, size_t len, struct parsed *);	/* 0 or -1 with err set */
int		 parse_amount(const char *word, size_t len, int64_t *out);	/* PARSE_* */
int		 phone_normalize(const char *in, char *out, size_t outlen);	/* 0 ok, -1 not a phone */
int		 sender_is_person(const char *sender);	/* 0 for alphanumeric and short codes */
int		 pin_wellformed(const char *pin);
void		 redact_unparsed(const char *text, size_t len, char *out, size_t outlen);
const char	*parse_error_text(const struct parsed *, char *buf, size_t len);
/* usage with its example's digits changed if they are digits the sender typed */
const char	*usage_example(const struct parsed *, const char *usage, char *buf,
		    size_t len);

/* handlers/pin_runs.c: runs of 4-6 digits, wherever they are glued */
struct pin_span {
	const char	*s;
	size_t		 len;
};
/* The length of the run starting at s[i], if it is one of 4-6 digits; else 0. */
size_t		 pin_run_at(const char *s, size_t len, size_t i);
int		 pin_runs_any(const char *s, size_t len);
/*
 * Copies in to out with every run as ****, except inside the kept spans
 * (taken verbatim); notes each hidden run in seen (may be NULL).
 * Returns the bytes written.
 */
size_t		 pin_runs_hide(const char *in, size_t len, const struct pin_span *keep,
		    int nkeep, char *out, size_t outlen, struct pin_suspects *seen);
int		 pin_suspected(const struct pin_suspects *, const char *run, size_t n);
/* s with every run as ****, in buf, for quoting what a sender wrote. */
const char	*pin_runs_masked(const char *s, char *buf, size_t len);
/* 1 when run is m's PIN, by the keyed hash. */
int		 pin_run_is_pin(const struct pin_key *, const struct member *m,
		    const char *run, size_t n);
/* Hides in text (of len bytes) every run that is m's PIN. */
void		 pin_runs_hide_pin(const struct pin_key *, const struct member *m,
		    char *text, size_t len);

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
int		 sms_parts(const char *utf8);	/* SMS it takes, by septets or UCS-2 units */
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

/* handlers/reply_guard.c: the PIN never leaves in an SMS */
enum reply_safety {
	REPLY_SAFE = 0,
	REPLY_SHOWS_PIN,	/* digits that are the sender's PIN */
	REPLY_SHOWS_TYPED,	/* digits the sender typed that may be it */
};
enum reply_safety reply_is_safe(const struct hctx *, const char *text);
/* Puts a safe text in place of an unsafe one (len bytes) and logs it. */
enum reply_safety reply_guard(const struct hctx *, const char *phone, char *text,
		    size_t len);

/* handlers/members.c: what several handlers need to know about members */
int		 member_resolve(struct hctx *, const char *ref, int is_phone, struct member *);
int		 member_savings(struct db *, int64_t member_id, int64_t *pokok, int64_t *wajib,
		    int64_t *sukarela);
int		 member_loan_outstanding(struct db *, int64_t member_id, int64_t *principal);

/* handlers/savings.c: deposits, whichever way the cash came in */
const char	*member_label(const struct member *, char *buf, size_t len);	/* A017 Siti */
const char	*member_short_name(const char *name, char *buf, size_t len);	/* Nurbaya */
/*
 * Posts a deposit made by officer_id (0: kopdesctl) and queues the
 * member's confirmation and the bendahara alert; replies nothing.
 * *balance: her savings of that type after it.
 */
int		 deposit_post(struct hctx *, const struct member *, int64_t amount,
		    enum saving_type, int64_t officer_id, int64_t *journal_id,
		    char ref[LEDGER_REF_LEN], int64_t *balance);	/* balance may be NULL */
/* A pending deposit by code: 1 posted, 0 no such code, -2 received already, -1 error. */
int		 deposit_receive(struct hctx *, const char *code, int64_t officer_id,
		    struct pending_deposit *, struct member *, char ref[LEDGER_REF_LEN]);

/* handlers/treasurer.c: every bendahara but the officer and the member, if enabled */
int		 tell_treasurer(struct hctx *, int enabled, int64_t member_id,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
const char	*officer_words(const struct hctx *, char *buf, size_t len);	/* kasir Agus */

/* handlers/wajib.c: the monthly simpanan wajib she owes (SPEC §3) */
struct wajib_due {
	int		 months_due;	/* due dates since she joined, through today */
	int		 months_unpaid;
	int64_t		 unpaid;
};
int		 wajib_standing(struct db *, const struct rules *, int64_t member_id,
		    const char *today, struct wajib_due *);
const char	*wajib_text(const struct wajib_due *, char *buf, size_t len);	/* " Wajib belum ..." or "" */
int		 wajib_reminders_run(struct hctx *);

/* handlers/notices.c: the member told of what the board did from kopdesctl */
int		 tell_welcome(struct hctx *, const struct member *);
int		 tell_pin_unlocked(struct hctx *, const struct member *);
int		 tell_pin_reset(struct hctx *, const struct member *);
/* After ledger_reverse(ref) gave newref: the member and the bendahara. */
int		 tell_reversal(struct hctx *, const char *ref, const char *newref,
		    const char *reason);

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
/*
 * "Sisa pinjaman" everywhere (SALDO, TAGIHAN, BAYAR, PINJAM, loan list):
 * principal and interest still to pay, penalties apart.  0 and *principal
 * 0 without an active loan.
 */
int64_t		 loan_left(const struct loan_standing *);
int		 member_loan_left(struct db *, int64_t member_id, const char *today,
		    int penalty_bp_day, int64_t *left, int64_t *principal);
int		 loan_standing(struct db *, const struct loan *, const char *today,
		    int penalty_bp_day, struct loan_standing *);
/* The limits of SPEC §3 a loan must keep, at application and again at approval. */
enum loan_limit {
	LOAN_LIMIT_OK = 0,
	LOAN_LIMIT_OPEN,	/* she has another loan open */
	LOAN_LIMIT_MONTHS,	/* tenor outside min..max months */
	LOAN_LIMIT_AMOUNT,	/* above the maximum amount */
	LOAN_LIMIT_SAVINGS,	/* above the multiple of her savings */
};
struct loan_limits {
	enum loan_limit	 failed;
	int64_t		 savings;	/* her total savings now */
	int64_t		 cap;		/* the most she may borrow now */
	struct loan	 open;		/* the loan in the way, for LOAN_LIMIT_OPEN */
};
/* Checks against the books now, ignoring loan except_id; 0 or -1. */
int		 loan_limits_check(struct hctx *, int64_t member_id, int64_t principal,
		    int months, int64_t except_id, struct loan_limits *);
enum loan_decision {
	LOAN_DECISION_ERROR = -1,
	LOAN_DECISION_REFUSED = 0,	/* a limit fails now; why names it, nothing written */
	LOAN_DECISION_DONE = 1,		/* decided; the member is told */
	LOAN_DECISION_DECIDED = 2,	/* another decision came first; why says which */
};
/*
 * Inside the caller's write transaction: the loan is read again by its id
 * (a copy read before the transaction may be stale) and *l updated.
 */
int		 loan_approve(struct hctx *, struct loan *, int64_t officer_id,
		    char ref[LEDGER_REF_LEN], char *why, size_t whylen);
/* reason (may be NULL) is what the member reads of why. */
int		 loan_reject(struct hctx *, struct loan *, int64_t officer_id,
		    const char *reason, char *why, size_t whylen);

/* handlers/shop_words.c: query with shop words as the price list says them; 1 changed, 0 not, -1 */
int		 harga_expand(struct db *, const char *query, char *out, size_t len);

/* handlers/harga.c: an officer's word for an item the list has (HARGA ALIAS) */
enum harga_alias_result {
	HARGA_ALIAS_ERROR = -1,
	HARGA_ALIAS_OK = 0,
	HARGA_ALIAS_BAD_WORD,	/* not one word of letters */
	HARGA_ALIAS_NO_ITEM,	/* the list has nothing by that name */
	HARGA_ALIAS_AMBIGUOUS,	/* more than one item fits */
};
int		 harga_alias_add(struct hctx *, const char *word, const char *query,
		    int64_t officer_id, char *item, size_t len);

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
    handler_tagihan, handler_harga, handler_pin, handler_bantuan, handler_mutasi;

#endif
