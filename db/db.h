/*
 * db/: the cooperative's books and the gateway's queues in one SQLite file.
 *
 * Every SQL statement of the project lives in this folder and goes through
 * db_stmt(), which prepares a statement once per connection and hands back
 * the same reset statement on every later call.  Nothing here knows about
 * SMS text, PINs in clear or replies: callers pass facts, db/ stores them.
 *
 * Functions return 0 on success and -1 on an SQLite error (already logged
 * with context through db_log); lookups return 1 when found, 0 when not,
 * -1 on error.  Money is always int64_t rupiah.
 */
#ifndef KOPDES_DB_H
#define KOPDES_DB_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <sys/types.h>

#include <sqlite3.h>

#include "log/log.h"	/* every file logs with its verbs */

#define DB_SCHEMA_VERSION 10
#define DB_STMT_SLOTS 256	/* open-addressed cache of prepared statements */

struct db {
	sqlite3		*h;
	char		*path;
	struct db_stmt_slot {
		const char	*sql;	/* the literal's address is the key */
		sqlite3_stmt	*st;
	} stmts[DB_STMT_SLOTS];
	int		 tx_depth;	/* savepoints open inside BEGIN */
	dev_t		 dev;		/* the file opened, to notice it gone */
	ino_t		 ino;
	int		 in_tx;		/* between db_begin and commit/rollback */
	int		 quiet;		/* db_log at debug level: a retry in hand */
	char		 errmsg[256];	/* the last error db_log saw */
	int		 errcode;	/* and its SQLite code */
	long		 ntransient;	/* errors of the moment (disk, lock) seen */
	time_t		 last_commit;	/* wall time of the last COMMIT, 0 none */
	/*
	 * Savepoints not taken (db_elide_savepoints): a rollback to one
	 * cannot be done, so it is noted and the caller redoes the whole
	 * transaction with real savepoints.
	 */
	int		 elide_savepoints;
	int		 savepoint_undone;
	/*
	 * Facts held in memory (db/member_cache.c, db/prices.c, account ids in
	 * db/ledger.c) are trusted
	 * only inside a transaction of db_begin, and only while the count of
	 * their table is the one they were read under.  The counts move on
	 * our own writes of the table (an update hook), on every rollback, and
	 * when another connection committed (PRAGMA data_version at BEGIN).
	 */
	unsigned long	 gen_members;
	unsigned long	 gen_prices;
	unsigned long	 gen_accounts;
	int64_t		 data_version;
	int		 committed;	/* the last transaction ended in COMMIT */
	struct member_cache *member_cache;
	struct price_cache *price_cache;
	struct account_cache *account_cache;
};

/* Roles, in the words the cooperative uses (SPEC §1). */
enum role {
	ROLE_NONE	= 0,	/* unregistered number */
	ROLE_ANGGOTA	= 1 << 0,
	ROLE_KASIR	= 1 << 1,
	ROLE_BENDAHARA	= 1 << 2,
	ROLE_KETUA	= 1 << 3,
	ROLE_PENGAWAS	= 1 << 4,
};
#define ROLE_OFFICERS	(ROLE_KASIR | ROLE_BENDAHARA | ROLE_KETUA)
#define ROLE_ANY_MEMBER	(ROLE_ANGGOTA | ROLE_KASIR | ROLE_BENDAHARA | \
			 ROLE_KETUA | ROLE_PENGAWAS)

enum saving_type { SAVING_POKOK, SAVING_WAJIB, SAVING_SUKARELA };

#define PIN_SALT_LEN	16
#define PIN_HASH_LEN	32

struct member {
	int64_t		 id;
	char		 number[16];	/* A017 */
	char		 phone[20];	/* E.164, +62812... */
	char		 name[64];
	enum role	 role;
	unsigned char	 pin_salt[PIN_SALT_LEN];
	unsigned char	 pin_hash[PIN_HASH_LEN];
	int		 has_pin;
	int		 failed_tries;
	int		 locked;
};

/* db/db.c */
int		 db_open(struct db *, const char *path);	/* opens and migrates */
/* Only a database that exists: DB_OPEN_OK, DB_OPEN_MISSING (nothing made) or -1. */
enum { DB_OPEN_OK = 0, DB_OPEN_ERROR = -1, DB_OPEN_MISSING = -2 };
int		 db_open_existing(struct db *, const char *path);
/* Whether the path still names the file opened (a stat, cheap). */
enum db_presence { DB_THERE, DB_GONE, DB_REPLACED };
enum db_presence db_still_there(struct db *);
/* The file was lost: flush it whole and never touch the path again; 0 undoes. */
int		 db_set_lost(struct db *, int lost);
int		 db_fd(struct db *);	/* our descriptor of the file, or -1 */
void		 db_close(struct db *);
sqlite3_stmt	*db_stmt(struct db *, const char *sql);	/* NULL on error */
int		 db_exec(struct db *, const char *sql);	/* fixed SQL only */
int		 db_begin(struct db *);		/* BEGIN IMMEDIATE */
int		 db_commit(struct db *);
int		 db_rollback(struct db *);
int		 db_savepoint(struct db *);	/* nested unit inside a transaction */
int		 db_release(struct db *);
int		 db_rollback_savepoint(struct db *);
/* Until the next commit or rollback: savepoints cost nothing, none undoes. */
void		 db_elide_savepoints(struct db *);
int		 db_step_done(struct db *, sqlite3_stmt *);	/* step to DONE */
int		 db_one_int64(struct db *, sqlite3_stmt *, int64_t *out);	/* 1, 0, -1 */
/* The first step of a statement returning rows: SQLITE_ROW, SQLITE_DONE or -1. */
int		 db_step_first(struct db *, sqlite3_stmt *);
/* PRAGMA data_version: changes when another connection commits; 0 or -1. */
int		 db_data_version(struct db *, int64_t *v);
/* db/lookup.c: resets st after its one step rc; 1 row, 0 none, -1 logged. */
int		 db_lookup_end(struct db *, sqlite3_stmt *, int rc, const char *what);
void		 db_log(struct db *, const char *what);
/* The last error logged on this connection, with SQLite's words. */
const char	*db_error(struct db *);
/* Column copies; -1 (logged) when SQLite ran out of memory reading it. */
int		 db_column_text(struct db *, sqlite3_stmt *, int col, char *dst,
		    size_t len);
char		*db_column_strdup(struct db *, sqlite3_stmt *, int col);	/* free() it */
/* After a step loop ran out at rc: resets st; 0 all rows read, -1 logged. */
int		 db_rows_end(struct db *, sqlite3_stmt *, int rc, const char *what);
void		 db_bind_text_or_null(sqlite3_stmt *, int i, const char *);	/* NULL: NULL */
/* Test-only fault injection; see db/db.c. */
enum db_fault { DB_FAULT_STEP, DB_FAULT_COMMIT };
void		 db_fault_arm(enum db_fault, long nth, long count);	/* nth 0: off */
long		 db_fault_seen(enum db_fault);	/* steps (commits) since armed */
long		 db_fault_hits(void);	/* faults injected since armed */
const char	*role_name(enum role);
int		 role_parse(const char *, enum role *);
const char	*saving_type_name(enum saving_type);	/* "pokok" ... */

/* Every fact held in memory is stale: after a rollback, another writer. */
void		 db_caches_stale(struct db *);

/* db/member_cache.c: members by phone, number and id; officers by role */
void		 member_cache_free(struct db *);

/* db/schema.c */
int		 schema_migrate(struct db *);

/* db/copy.c: a consistent copy of the open file, in small steps */
struct db_copy {
	sqlite3		*dst;
	sqlite3_backup	*b;
};
enum db_copy_result {
	DB_COPY_MORE,		/* call db_copy_step again */
	DB_COPY_DONE,		/* the copy is complete and closed */
	DB_COPY_FAILED,		/* logged; the copy is closed, not removed */
};
int		 db_copy_start(struct db *src, const char *path, struct db_copy *);
enum db_copy_result db_copy_step(struct db_copy *, int pages);	/* pages < 0: all */
void		 db_copy_abort(struct db_copy *);
int		 db_integrity(struct db *);	/* 1 ok, 0 damaged (logged), -1 error */
int		 db_file_version(const char *path, int *version);	/* without migrating */
int		 db_pin_count(struct db *, int64_t *n);

/* db/settings.c: named facts about the file (time zone, key check, backups) */
int		 setting_get(struct db *, const char *key, char *buf, size_t len);	/* 1, 0, -1 */
int		 setting_set(struct db *, const char *key, const char *value);

/* db/members.c */
int		 member_insert(struct db *, struct member *);	/* fills id, number if empty */
int		 member_by_phone(struct db *, const char *e164, struct member *);
int		 member_by_number(struct db *, const char *number, struct member *);
int		 member_by_id(struct db *, int64_t id, struct member *);
int		 member_set_pin(struct db *, int64_t id, const unsigned char *salt,
		    const unsigned char *hash);
int		 member_set_tries(struct db *, int64_t id, int tries, int locked);
int		 member_next_number(struct db *, char *buf, size_t len);
typedef int	 (*member_cb)(const struct member *, void *arg);
int		 member_foreach(struct db *, member_cb, void *arg);
int		 member_foreach_role(struct db *, enum role, member_cb, void *arg);
int64_t		 member_count(struct db *);
int64_t		 member_count_with_pin(struct db *);	/* -1 on error */

/* db/ledger.c */
#define LEDGER_REF_LEN 12
struct ledger_line {
	int64_t		 account_id;
	int64_t		 debit;
	int64_t		 credit;
};
struct ledger_entry {
	const char	*kind;		/* setoran, penarikan, pencairan, angsuran, pembalikan */
	const char	*memo;
	int64_t		 member_id;	/* 0 when none */
	int64_t		 officer_id;	/* 0 when posted from kopdesctl */
	int64_t		 inbox_id;	/* 0 when not caused by an SMS */
	int64_t		 reverses_id;	/* 0 unless a reversal */
	time_t		 at;
};
/* Account codes of SPEC §4; member accounts are made by member_insert. */
int		 account_id(struct db *, const char *code, int64_t member_id, int64_t *id);
void		 account_cache_free(struct db *);
int		 account_balance(struct db *, int64_t account_id, int64_t *balance);
int		 member_balance(struct db *, int64_t member_id, const char *code,
		    int64_t *balance);
/* Her three savings and her loan principal (piutang_pinjaman) at once. */
int		 member_balances(struct db *, int64_t member_id, int64_t *pokok,
		    int64_t *wajib, int64_t *sukarela, int64_t *loan);
/* Refuses (returns -1, nothing written) an unbalanced or empty entry. */
int		 ledger_post(struct db *, const struct ledger_entry *,
		    const struct ledger_line *, int nlines, int64_t *journal_id,
		    char ref[LEDGER_REF_LEN]);
/*
 * 1 reversed; 0 no such entry; -2 already reversed or itself a reversal;
 * -3 a kind that is undone otherwise (a loan disbursement); -4 it would
 * leave a savings account below zero.  Repayments are undone on their
 * instalments too.  Nothing is written unless 1 is returned.
 */
int		 ledger_reverse(struct db *, const char *ref, const char *reason,
		    time_t at, char newref[LEDGER_REF_LEN]);
typedef void	 (*ledger_problem_cb)(const char *problem, void *arg);
int		 ledger_check(struct db *, ledger_problem_cb, void *arg);	/* problems found, -1 error */

/* db/loans.c */
enum loan_state { LOAN_DIAJUKAN, LOAN_DITOLAK, LOAN_AKTIF, LOAN_LUNAS };
struct loan {
	int64_t		 id;
	char		 code[12];	/* P0007 */
	int64_t		 member_id;
	int64_t		 principal;
	int		 months;
	int		 rate_bp;
	enum loan_state	 state;
	time_t		 applied_at;
	char		 disbursed_on[11];	/* YYYY-MM-DD, "" until approved */
};
struct instalment {
	int64_t		 id;
	int64_t		 loan_id;
	int		 seq;
	char		 due_on[11];
	int64_t		 principal, interest;
	int64_t		 paid_principal, paid_interest, paid_penalty;
};
const char	*loan_state_name(enum loan_state);
int		 loan_insert(struct db *, struct loan *);	/* fills id and code */
int		 loan_by_code(struct db *, const char *code, struct loan *);
int		 loan_by_id(struct db *, int64_t id, struct loan *);
int		 loan_open_for_member(struct db *, int64_t member_id, struct loan *);
/* Her open loan (applied or active) other than except_id: 1 found, 0 none. */
int		 loan_open_other(struct db *, int64_t member_id, int64_t except_id,
		    struct loan *);
int		 loan_latest_for_member(struct db *, int64_t member_id, struct loan *);
/* A decision only ever replaces 'diajukan'. */
enum loan_decide_result {
	LOAN_DECIDE_ERROR = -1,
	LOAN_DECIDE_OK = 0,
	LOAN_DECIDE_NOT_PENDING = 1,	/* decided before; nothing changed */
};
int		 loan_decide(struct db *, int64_t loan_id, enum loan_state, int64_t by,
		    const char *disbursed_on, time_t at);
int		 loan_set_state(struct db *, int64_t loan_id, enum loan_state);
int		 instalment_insert(struct db *, struct instalment *);
/* Unpaid instalments of a loan, oldest first; returns how many (<= max). */
int		 instalment_unpaid(struct db *, int64_t loan_id, struct instalment *,
		    int max);
/* Records what one repayment entry paid on one instalment. */
int		 instalment_pay(struct db *, int64_t id, int64_t journal_id,
		    int64_t penalty, int64_t interest, int64_t principal);
typedef int	 (*loan_cb)(const struct loan *, void *arg);
int		 loan_foreach(struct db *, int state /* -1 all */, loan_cb, void *arg);

/* db/summary.c */
struct day_total {
	char		 kind[24];	/* setoran, penarikan, pencairan, angsuran, pembalikan */
	int64_t		 count;
	int64_t		 amount;	/* cash moved */
};
int		 journal_day_totals(struct db *, time_t from, time_t to,
		    struct day_total *, int max);

/* db/movements.c: a member's entries, newest first, for MUTASI */
struct movement {
	time_t		 at;
	char		 kind[24];
	char		 ref[LEDGER_REF_LEN];
	int64_t		 amount;	/* cash moved */
};
int		 journal_member_last(struct db *, int64_t member_id, struct movement *,
		    int max);
int		 member_joined_at(struct db *, int64_t member_id, time_t *);	/* 1, 0, -1 */
/* The entry by Ref and its member (0: none); 1, 0 no such entry, -1. */
int		 journal_lookup(struct db *, const char *ref, struct movement *,
		    int64_t *member_id);

/* db/reminders.c */
typedef int	 (*reminder_cb)(const struct instalment *, int64_t member_id,
		    const char *loan_code, void *arg);
/* Unpaid instalments due on `ahead`, or on or before `today`, not yet reminded today. */
int		 instalment_reminders(struct db *, const char *today, const char *ahead,
		    reminder_cb, void *arg);
int		 instalment_set_reminded(struct db *, int64_t id, const char *day);

/* db/deposits.c: a member's announced deposit waiting for an officer */
enum deposit_state { DEPOSIT_MENUNGGU, DEPOSIT_DITERIMA };
struct pending_deposit {
	int64_t		 id;
	char		 code[12];	/* S0042 */
	int64_t		 member_id;
	int64_t		 amount;
	enum saving_type type;
	enum deposit_state state;
	time_t		 created_at;
};
int		 deposit_insert(struct db *, struct pending_deposit *);	/* fills id, code */
int		 deposit_by_code(struct db *, const char *code, struct pending_deposit *);
int		 deposit_confirm(struct db *, int64_t id, int64_t officer_id,
		    int64_t journal_id, time_t at);
/* The Ref of the entry a received deposit posted: 1, 0 not received, -1. */
int		 deposit_ref(struct db *, int64_t id, char ref[LEDGER_REF_LEN]);

/* db/prices.c */
struct price {
	int64_t		 id;
	char		 item[48];
	int64_t		 price;
	char		 unit[16];
	time_t		 updated_at;
};
/* Inserts or updates and appends to the history in one step. */
int		 price_set(struct db *, const char *item, int64_t price, const char *unit,
		    int64_t by_member, time_t at);
int		 price_get(struct db *, const char *item, struct price *);	/* exact, case-insensitive */
typedef int	 (*price_cb)(const struct price *, void *arg);
int		 price_foreach(struct db *, price_cb, void *arg);	/* by item name */
int		 price_history_count(struct db *, const char *item, int64_t *n);
/* An officer's word for an item (migor: Minyak Goreng); word case-insensitive. */
int		 price_alias_set(struct db *, const char *word, const char *item,
		    int64_t by_member, time_t at);
int		 price_alias_get(struct db *, const char *word, char *item, size_t len);	/* 1, 0, -1 */
void		 price_cache_free(struct db *);

/* db/queue.c: the inbox and the outbox are the gateway's source of truth */
/*
 * Where a message came in or where a row goes out: an SMS link (modem or
 * Kannel), the answer to a USSD hop, or kopdesctl's terminal.  Rows of
 * another channel than sms are records of an answer given, never queued.
 */
enum channel { CHANNEL_SMS, CHANNEL_USSD, CHANNEL_SIM };
const char	*channel_name(enum channel);
enum inbox_state {
	INBOX_BARU,		/* committed, not processed yet */
	INBOX_SELESAI,		/* processed, replies queued */
	INBOX_DIBATASI,		/* rate-limited: stored, not processed */
	INBOX_DIABAIKAN,	/* alphanumeric sender or short code */
	INBOX_GAGAL,		/* an internal error; the sender was told */
};
struct inbox_msg {
	int64_t		 id;
	char		 modem[32];
	char		 sender[24];
	time_t		 smsc_time;
	time_t		 received_at;
	char		*text;		/* owned by whoever filled it */
	enum inbox_state state;
	enum channel	 channel;
};
enum outbox_priority { PRIO_REPLY = 0, PRIO_ALERT = 1, PRIO_REMINDER = 2 };
enum outbox_state { OUTBOX_ANTRI, OUTBOX_TERKIRIM, OUTBOX_GAGAL };
struct outbox_msg {
	int64_t		 id;
	int64_t		 inbox_id;
	char		 phone[24];
	char		*text;
	enum outbox_priority priority;
	enum outbox_state state;
	char		 modem[32];
	int		 parts;
	int		 tries;
	char		 last_error[96];
	time_t		 next_try_at;
	time_t		 created_at;
	time_t		 sent_at;
	enum channel	 channel;
	char		 link[32];	/* the inbox row's link ("" none): replies go back by it */
	char		 dlr[16];	/* Kannel's delivery report, "" none */
};
const char	*inbox_state_name(enum inbox_state);
const char	*outbox_state_name(enum outbox_state);
/*
 * Stores a received SMS; dedupe (may be NULL) identifies a copy of an SMS
 * already stored, in which case 0 is returned and *id is the earlier row.
 * Returns 1 when a new row was made.
 */
int		 inbox_insert(struct db *, struct inbox_msg *, const unsigned char *dedupe,
		    size_t dedupe_len, int64_t *id);
/* 1 and *id when a row was stored with this dedupe key, 0 if none, -1. */
int		 inbox_find_dedupe(struct db *, const unsigned char *dedupe,
		    size_t dedupe_len, int64_t *id);
int		 inbox_finish(struct db *, int64_t id, enum inbox_state,
		    const char *redacted_text, const char *command, time_t at);
/*
 * Messages from phone received since `since`, up to row upto (rate
 * limiting); counts no further than cap in each of the window's days.
 */
int		 inbox_count_since(struct db *, const char *phone, time_t since,
		    int64_t upto, int64_t cap, int64_t *n);
/* Calls cb for each unprocessed inbox row in arrival order, up to max. */
/* Whether any row waits to be handled; a read, no lock taken. */
int		 inbox_waiting(struct db *, int *waiting);
typedef int	 (*inbox_cb)(struct inbox_msg *, void *arg);
int		 inbox_foreach_new(struct db *, int max, inbox_cb, void *arg);
int		 outbox_insert(struct db *, struct outbox_msg *);	/* fills id */
/*
 * Next due rows, replies before alerts before reminders, oldest first.
 * The row handed to a callback (and its text) is valid only during the
 * call, and the callback must not write to the database.
 */
typedef int	 (*outbox_cb)(struct outbox_msg *, void *arg);
int		 outbox_foreach_due(struct db *, time_t now, int max, outbox_cb, void *arg);
int		 outbox_foreach(struct db *, int64_t since_id, outbox_cb, void *arg);
int		 outbox_foreach_inbox(struct db *, int64_t inbox_id, outbox_cb, void *arg);
int		 outbox_mark_sent(struct db *, int64_t id, const char *modem, int parts,
		    time_t at);
int		 outbox_mark_retry(struct db *, int64_t id, const char *modem,
		    const char *error, time_t next_try_at, int failed);
/* A delivery report for a row sent: 1 recorded, 0 no such row. */
int		 outbox_set_dlr(struct db *, int64_t id, const char *dlr, time_t at);
int		 outbox_count(struct db *, enum outbox_state, int64_t *n);
int		 outbox_tries(struct db *, int64_t id, int64_t *tries);
int		 outbox_max_id(struct db *, int64_t *id);
int		 outbox_foreach_state(struct db *, int state /* -1 all */, outbox_cb,
		    void *arg);
int		 inbox_count(struct db *, enum inbox_state, int64_t *n);
int		 inbox_count_state_since(struct db *, enum inbox_state, time_t since,
		    int64_t *n);
int		 inbox_state_of(struct db *, int64_t id, enum inbox_state *);	/* 1, 0, -1 */
/* The answer already given on channel to inbox row id: 1 found (text malloc'd), 0, -1. */
int		 outbox_answer(struct db *, int64_t inbox_id, enum channel, char **text);

/* db/audit.c: failed PINs, locks, unlocks and officer actions */
int		 audit_add(struct db *, int64_t member_id, int64_t actor_id,
		    const char *action, const char *detail, time_t at);
int		 audit_count(struct db *, int64_t member_id, const char *action, int64_t *n);
/* 1 if a notice of this kind went to phone on this day already, else records it. */
/* 1 if a notice of this kind still covers now, else records one until until. */
int		 notice_once_until(struct db *, const char *phone, const char *kind,
		    time_t now, time_t until);
int		 notice_once_per_day(struct db *, const char *phone, const char *kind,
		    const char *day);

/* db/ussd.c: one row a USSD session; path is stored as given (redacted) */
struct ussd_session {
	const char	*session_id;
	const char	*phone;
	const char	*service_code;
	const char	*network_code;
	const char	*path;		/* every PIN already replaced */
	int		 hops;		/* answers given, the first included */
	int		 ended;
};
int		 ussd_session_hop(struct db *, const struct ussd_session *, time_t at);
int		 ussd_session_end(struct db *, const struct ussd_session *,
		    const char *status, time_t at);

/* db/metrics.c: counts for GET /metrics, one callback per label set */
typedef int	 (*db_count_cb)(const char *label1, const char *label2, int64_t n,
		    void *arg);
int		 inbox_count_by(struct db *, db_count_cb, void *arg);	/* state, channel */
int		 outbox_count_by(struct db *, db_count_cb, void *arg);	/* state, channel */
int		 ussd_session_count_by(struct db *, db_count_cb, void *arg);	/* state, "" */
int		 outbox_dlr_count_by(struct db *, db_count_cb, void *arg);	/* dlr, "" */
int		 member_locked_count(struct db *, int64_t *n);
int		 audit_action_count(struct db *, const char *action, int64_t *n);

/* db/modem_status.c */
struct modem_row {
	char		 name[32];
	int		 connected;
	int		 signal;	/* percent, -1 unknown */
	int		 battery;	/* percent, -1 unknown */
	char		 network[48];
	char		 imei[24];
	time_t		 last_contact;
	int64_t		 errors;
	char		 last_error[96];
	int64_t		 received;
	int64_t		 sent;
	time_t		 updated_at;
	int64_t		 discarded;	/* SIM entries deleted unread */
};
int		 modem_status_save(struct db *, const struct modem_row *);
typedef int	 (*modem_row_cb)(const struct modem_row *, void *arg);
int		 modem_status_foreach(struct db *, modem_row_cb, void *arg);

/* db/member_register.c: register fields, officers' changes, leaving */
struct member_extra {
	char		 nik[24];	/* sensitive: member show and exports only */
	char		 address[128];
	char		 joined_on[11];	/* YYYY-MM-DD, "" unknown */
	char		 left_on[11];	/* "" while a member */
};
int		 member_extra_get(struct db *, int64_t id, struct member_extra *);
int		 member_extra_set(struct db *, int64_t id, const struct member_extra *);
int		 member_update(struct db *, const struct member *);	/* phone, name, role */
int		 member_set_left(struct db *, int64_t id, const char *day);
/* Whoever had this number or phone, left or not: 1, 0, -1. */
int		 member_any(struct db *, const char *number_or_e164, struct member *);
/* Members who joined, or left, on the days from..to (YYYY-MM-DD). */
enum member_event { MEMBER_JOINED, MEMBER_LEFT };
int		 member_count_between(struct db *, enum member_event, const char *from,
		    const char *to, int64_t *n);
int64_t		 member_count_active(struct db *);
int64_t		 member_count_locked(struct db *);

/* db/ledger_rows.c: the ledger read back */
struct ledger_filter {
	int64_t		 member_id;	/* her accounts' lines only; 0 all */
	time_t		 from, to;	/* [from, to); 0 unbounded */
	const char	*ref;		/* an entry and its reversal; NULL all */
};
struct ledger_row {
	int64_t		 journal_id;
	char		 ref[LEDGER_REF_LEN];
	char		 kind[24];
	char		 memo[160];
	time_t		 at;
	char		 member[16];		/* the entry's member, "" none */
	char		 member_name[64];
	char		 account[24];		/* kas, simpanan_pokok, ... */
	char		 account_member[16];	/* whose account, "" the cooperative's */
	int64_t		 debit, credit;
	char		 reverses[LEDGER_REF_LEN];
};
typedef int	 (*ledger_row_cb)(const struct ledger_row *, void *arg);
int		 ledger_rows_foreach(struct db *, const struct ledger_filter *,
		    ledger_row_cb, void *arg);
struct code_total {
	char		 code[24];
	int64_t		 debit, credit;
};
/* Per account code over [from, to); returns how many codes. */
int		 ledger_code_totals(struct db *, time_t from, time_t to,
		    struct code_total *, int max);
/* The code's sums, or zeros when it did not move. */
const struct code_total *code_total_find(const struct code_total *, int n,
		    const char *code);

/* db/queue_cancel.c */
int		 outbox_cancel_queued(struct db *, const char *reason, int64_t *n);

/* db/desk_lists.c */
struct inbox_row {
	int64_t		 id;
	char		 sender[24];
	time_t		 received_at;
	char		 text[1024];	/* as stored: redacted once handled */
	char		 state[16];
	char		 command[24];
	char		 reply[1024];	/* the first SMS it caused, "" none */
};
typedef int	 (*inbox_row_cb)(const struct inbox_row *, void *arg);
int		 inbox_list(struct db *, const char *state, const char *phone, int last,
		    inbox_row_cb, void *arg);
int		 outbox_list(struct db *, const char *state, const char *phone, int last,
		    outbox_cb, void *arg);
typedef int	 (*deposit_cb)(const struct pending_deposit *, void *arg);
int		 deposit_foreach_waiting(struct db *, deposit_cb, void *arg);

#endif
