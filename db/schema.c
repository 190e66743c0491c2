/*
 * The schema, built by numbered steps recorded in PRAGMA user_version.
 * A step is never edited once shipped; a change is a new step, so every
 * installed database reaches the same shape.
 */
#include <stddef.h>
#include <stdio.h>

#include "db/db.h"

static const char *const schema_v1 =
	"CREATE TABLE members ("
	" id INTEGER PRIMARY KEY,"
	" number TEXT NOT NULL UNIQUE,"
	" phone TEXT NOT NULL UNIQUE,"
	" name TEXT NOT NULL,"
	" role TEXT NOT NULL CHECK (role IN"
	"  ('anggota','kasir','bendahara','ketua','pengawas')),"
	" pin_salt BLOB, pin_hash BLOB,"
	" failed_tries INTEGER NOT NULL DEFAULT 0,"
	" locked INTEGER NOT NULL DEFAULT 0,"
	" created_at INTEGER NOT NULL);"
	"CREATE INDEX members_role ON members(role);"
	"CREATE INDEX members_number_order ON members(length(number), number);"

	/* balance is kept on the account's normal side: debit for assets. */
	"CREATE TABLE accounts ("
	" id INTEGER PRIMARY KEY,"
	" code TEXT NOT NULL,"
	" member_id INTEGER REFERENCES members(id),"
	" normal TEXT NOT NULL CHECK (normal IN ('D','C')),"
	" balance INTEGER NOT NULL DEFAULT 0);"
	"CREATE UNIQUE INDEX accounts_code ON accounts(code, ifnull(member_id, 0));"
	"CREATE INDEX accounts_member ON accounts(member_id, code);"
	"INSERT INTO accounts(code, member_id, normal) VALUES"
	" ('kas', NULL, 'D'), ('pendapatan_jasa', NULL, 'C'),"
	" ('pendapatan_denda', NULL, 'C');"

	"CREATE TABLE inbox ("
	" id INTEGER PRIMARY KEY,"
	" modem TEXT NOT NULL,"
	" sender TEXT NOT NULL,"
	" smsc_time INTEGER,"
	" received_at INTEGER NOT NULL,"
	" text TEXT NOT NULL,"
	" dedupe BLOB UNIQUE,"
	" state TEXT NOT NULL DEFAULT 'baru' CHECK (state IN"
	"  ('baru','selesai','dibatasi','diabaikan','gagal')),"
	" command TEXT,"
	" processed_at INTEGER);"
	"CREATE INDEX inbox_sender ON inbox(sender, received_at);"
	"CREATE INDEX inbox_new ON inbox(id) WHERE state = 'baru';"

	"CREATE TABLE outbox ("
	" id INTEGER PRIMARY KEY,"
	" inbox_id INTEGER REFERENCES inbox(id),"
	" phone TEXT NOT NULL,"
	" text TEXT NOT NULL,"
	" priority INTEGER NOT NULL,"
	" state TEXT NOT NULL DEFAULT 'antri' CHECK (state IN"
	"  ('antri','terkirim','gagal')),"
	" modem TEXT, parts INTEGER, tries INTEGER NOT NULL DEFAULT 0,"
	" last_error TEXT,"
	" next_try_at INTEGER NOT NULL,"
	" created_at INTEGER NOT NULL,"
	" sent_at INTEGER);"
	"CREATE INDEX outbox_due ON outbox(priority, next_try_at, id)"
	" WHERE state = 'antri';"
	"CREATE INDEX outbox_inbox ON outbox(inbox_id);"

	"CREATE TABLE journal ("
	" id INTEGER PRIMARY KEY,"
	" ref TEXT NOT NULL UNIQUE,"
	" kind TEXT NOT NULL,"
	" memo TEXT,"
	" member_id INTEGER REFERENCES members(id),"
	" officer_id INTEGER REFERENCES members(id),"
	" inbox_id INTEGER REFERENCES inbox(id),"
	" reverses_id INTEGER UNIQUE REFERENCES journal(id),"
	" created_at INTEGER NOT NULL);"
	"CREATE TABLE journal_lines ("
	" id INTEGER PRIMARY KEY,"
	" journal_id INTEGER NOT NULL REFERENCES journal(id),"
	" account_id INTEGER NOT NULL REFERENCES accounts(id),"
	" debit INTEGER NOT NULL DEFAULT 0 CHECK (debit >= 0),"
	" credit INTEGER NOT NULL DEFAULT 0 CHECK (credit >= 0),"
	" CHECK ((debit = 0) <> (credit = 0)));"
	"CREATE INDEX journal_lines_journal ON journal_lines(journal_id);"
	"CREATE INDEX journal_lines_account ON journal_lines(account_id);"

	"CREATE TABLE loans ("
	" id INTEGER PRIMARY KEY,"
	" code TEXT NOT NULL UNIQUE,"
	" member_id INTEGER NOT NULL REFERENCES members(id),"
	" principal INTEGER NOT NULL CHECK (principal > 0),"
	" months INTEGER NOT NULL CHECK (months > 0),"
	" rate_bp INTEGER NOT NULL,"
	" state TEXT NOT NULL CHECK (state IN"
	"  ('diajukan','ditolak','aktif','lunas')),"
	" applied_at INTEGER NOT NULL,"
	" decided_at INTEGER,"
	" decided_by INTEGER REFERENCES members(id),"
	" disbursed_on TEXT);"
	/* One application or active loan per member, enforced by the file. */
	"CREATE UNIQUE INDEX loans_one_open ON loans(member_id)"
	" WHERE state IN ('diajukan','aktif');"
	"CREATE TABLE instalments ("
	" id INTEGER PRIMARY KEY,"
	" loan_id INTEGER NOT NULL REFERENCES loans(id),"
	" seq INTEGER NOT NULL,"
	" due_on TEXT NOT NULL,"
	" principal INTEGER NOT NULL,"
	" interest INTEGER NOT NULL,"
	" paid_principal INTEGER NOT NULL DEFAULT 0,"
	" paid_interest INTEGER NOT NULL DEFAULT 0,"
	" paid_penalty INTEGER NOT NULL DEFAULT 0,"
	" reminded_on TEXT,"
	" UNIQUE (loan_id, seq));"

	/* What each repayment entry paid on each instalment, to undo it. */
	"CREATE TABLE repayments ("
	" id INTEGER PRIMARY KEY,"
	" journal_id INTEGER NOT NULL REFERENCES journal(id),"
	" instalment_id INTEGER NOT NULL REFERENCES instalments(id),"
	" penalty INTEGER NOT NULL,"
	" interest INTEGER NOT NULL,"
	" principal INTEGER NOT NULL);"
	"CREATE INDEX repayments_journal ON repayments(journal_id);"

	"CREATE TABLE pending_deposits ("
	" id INTEGER PRIMARY KEY,"
	" code TEXT NOT NULL UNIQUE,"
	" member_id INTEGER NOT NULL REFERENCES members(id),"
	" amount INTEGER NOT NULL CHECK (amount > 0),"
	" type TEXT NOT NULL CHECK (type IN ('pokok','wajib','sukarela')),"
	" state TEXT NOT NULL DEFAULT 'menunggu' CHECK (state IN"
	"  ('menunggu','diterima')),"
	" created_at INTEGER NOT NULL,"
	" confirmed_by INTEGER REFERENCES members(id),"
	" confirmed_at INTEGER,"
	" journal_id INTEGER REFERENCES journal(id));"

	"CREATE TABLE prices ("
	" id INTEGER PRIMARY KEY,"
	" item TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	" price INTEGER NOT NULL CHECK (price > 0),"
	" unit TEXT NOT NULL,"
	" updated_at INTEGER NOT NULL,"
	" updated_by INTEGER REFERENCES members(id));"
	"CREATE TABLE price_history ("
	" id INTEGER PRIMARY KEY,"
	" price_id INTEGER NOT NULL REFERENCES prices(id),"
	" price INTEGER NOT NULL,"
	" unit TEXT NOT NULL,"
	" changed_at INTEGER NOT NULL,"
	" changed_by INTEGER REFERENCES members(id));"

	"CREATE TABLE audit ("
	" id INTEGER PRIMARY KEY,"
	" at INTEGER NOT NULL,"
	" member_id INTEGER REFERENCES members(id),"
	" actor_id INTEGER REFERENCES members(id),"
	" action TEXT NOT NULL,"
	" detail TEXT);"
	"CREATE INDEX audit_member ON audit(member_id, action);"
	"CREATE TABLE notices ("
	" phone TEXT NOT NULL,"
	" kind TEXT NOT NULL,"
	" day TEXT NOT NULL,"
	" PRIMARY KEY (phone, kind));"

	"CREATE TABLE modems ("
	" name TEXT PRIMARY KEY,"
	" connected INTEGER NOT NULL DEFAULT 0,"
	" signal INTEGER, battery INTEGER,"
	" network TEXT, imei TEXT,"
	" last_contact INTEGER,"
	" errors INTEGER NOT NULL DEFAULT 0,"
	" last_error TEXT,"
	" received INTEGER NOT NULL DEFAULT 0,"
	" sent INTEGER NOT NULL DEFAULT 0,"
	" updated_at INTEGER);";

/* SIM entries a modem deleted unread (undecodable PDUs, reports, data). */
static const char schema_v2[] =
	"ALTER TABLE modems ADD COLUMN discarded INTEGER NOT NULL DEFAULT 0;";

/* What both programs must agree on about the file itself (db/settings.c). */
static const char *const schema_settings =
	"CREATE TABLE settings ("
	" key TEXT PRIMARY KEY,"
	" value TEXT NOT NULL);";

/*
 * The register fields government registers ask for, and leaving: a member
 * who left keeps her row and history but is no longer anyone's number.
 */
static const char *const schema_member_register =
	"ALTER TABLE members ADD COLUMN nik TEXT;"
	"ALTER TABLE members ADD COLUMN address TEXT;"
	"ALTER TABLE members ADD COLUMN joined_on TEXT;"
	"ALTER TABLE members ADD COLUMN left_on TEXT;";

/* Officers' own words for shop items, beside the built-in ones. */
static const char *const schema_v2_price_aliases =
	"CREATE TABLE price_aliases ("
	" word TEXT PRIMARY KEY COLLATE NOCASE,"
	" item TEXT NOT NULL,"
	" updated_at INTEGER NOT NULL,"
	" updated_by INTEGER REFERENCES members(id));";
/* Every row says by which channel it came or went (sms before this step). */
static const char *const schema_channels =
	"ALTER TABLE inbox ADD COLUMN channel TEXT NOT NULL DEFAULT 'sms'"
	" CHECK (channel IN ('sms','ussd','sim'));"
	"ALTER TABLE outbox ADD COLUMN channel TEXT NOT NULL DEFAULT 'sms'"
	" CHECK (channel IN ('sms','ussd','sim'));";

/*
 * One row per USSD session, for the operator and the metrics; its path is
 * stored with every PIN as ****, and the end-of-session notification of
 * the aggregator fills the end_ columns.
 */
static const char *const schema_ussd_sessions =
	"CREATE TABLE ussd_sessions ("
	" session_id TEXT PRIMARY KEY,"
	" phone TEXT NOT NULL,"
	" service_code TEXT,"
	" network_code TEXT,"
	" started_at INTEGER NOT NULL,"
	" updated_at INTEGER NOT NULL,"
	" hops INTEGER NOT NULL DEFAULT 0,"
	" path TEXT NOT NULL DEFAULT '',"
	" state TEXT NOT NULL DEFAULT 'buka' CHECK (state IN ('buka','selesai')),"
	" end_status TEXT,"
	" end_input TEXT,"
	" ended_at INTEGER);";

/* What Kannel's delivery report said of a row it sent. */
static const char *const schema_dlr =
	"ALTER TABLE outbox ADD COLUMN dlr TEXT;"
	"ALTER TABLE outbox ADD COLUMN dlr_at INTEGER;";

/*
 * A CHECK of the form x IN (three or more constants) makes SQLite build a
 * temporary b-tree of the constants on every INSERT and UPDATE of the row,
 * which cost about a third of the CPU of each message.  The same test
 * written with = and OR is evaluated in place.  The rows are unchanged
 * and the rule is the same, so only the stored text of the table changes
 * (SQLite's documented way for a change that leaves the file's content
 * alone: writable_schema, then a new schema_version; see schema_migrate).
 */
#define SAME_CHECK(table, from, to) \
	"UPDATE sqlite_schema SET sql = replace(sql, '" from "', '" to "')" \
	" WHERE type = 'table' AND name = '" table "';"
static const char schema_checks[] =
	"PRAGMA writable_schema=ON;"
	SAME_CHECK("inbox", "CHECK (state IN  (''baru'',''selesai'',''dibatasi'',"
	    "''diabaikan'',''gagal''))", "CHECK (state = ''baru'' OR"
	    " state = ''selesai'' OR state = ''dibatasi'' OR"
	    " state = ''diabaikan'' OR state = ''gagal'')")
	SAME_CHECK("outbox", "CHECK (state IN  (''antri'',''terkirim'',"
	    "''gagal''))", "CHECK (state = ''antri'' OR state = ''terkirim''"
	    " OR state = ''gagal'')")
	SAME_CHECK("members", "CHECK (role IN  (''anggota'',''kasir'','"
	    "'bendahara'',''ketua'',''pengawas''))", "CHECK (role = ''anggota''"
	    " OR role = ''kasir'' OR role = ''bendahara'' OR role = ''ketua''"
	    " OR role = ''pengawas'')")
	SAME_CHECK("loans", "CHECK (state IN  (''diajukan'',''ditolak'','"
	    "'aktif'',''lunas''))", "CHECK (state = ''diajukan'' OR"
	    " state = ''ditolak'' OR state = ''aktif'' OR state = ''lunas'')")
	SAME_CHECK("pending_deposits", "CHECK (type IN (''pokok'',''wajib'','"
	    "'sukarela''))", "CHECK (type = ''pokok'' OR type = ''wajib'' OR"
	    " type = ''sukarela'')")
	SAME_CHECK("inbox", "CHECK (channel IN (''sms'',''ussd'',''sim''))",
	    "CHECK (channel = ''sms'' OR channel = ''ussd'' OR channel = ''sim'')")
	SAME_CHECK("outbox", "CHECK (channel IN (''sms'',''ussd'',''sim''))",
	    "CHECK (channel = ''sms'' OR channel = ''ussd'' OR channel = ''sim'')")
	"PRAGMA writable_schema=OFF;";

/*
 * Indexes a message or an entry writes to at the place of its own time,
 * so what a day adds stays in the page cache however long the history;
 * an index keyed by phone or account alone takes a page at a random
 * place of itself for every row, and once it outgrows the cache every
 * message waits for reads and rewrites of old pages.
 *
 * Per sender by day: the rate limit looks at the last minutes only.
 * Per member by day: the journal's per-member reads (mutasi) walk back a
 * day at a time, and reports over a span read only its days.  The lines
 * by account are left to the full ledger check, which reads them all.
 *
 * The modem's duplicate key now begins with the SMS's SMSC time, so new
 * keys sit side by side at one end of the unique index (gateway/
 * pipeline.c); the time of the newest SMS stored with a key of the old
 * form is kept, as only an SMS that old can meet its copy under that form.
 */
static const char schema_time_local[] =
	"CREATE INDEX inbox_sender_day ON inbox(received_at / 86400, sender,"
	" received_at);"
	"DROP INDEX inbox_sender;"
	"CREATE INDEX journal_member_day ON journal(created_at / 86400,"
	" member_id);"
	"DROP INDEX journal_lines_account;"
	"INSERT INTO settings(key, value) SELECT 'dedupe_legacy_until',"
	" ifnull(max(smsc_time), 0) FROM inbox"
	" WHERE length(dedupe) = 16 AND channel = 'sms' HAVING count(*) > 0;";

static const char *const steps[] = {
	schema_v1,
	schema_v2,
	schema_settings,
	schema_member_register,
	schema_v2_price_aliases,
	schema_channels,
	schema_ussd_sessions,
	schema_dlr,
	schema_checks,
	schema_time_local,
};

_Static_assert(sizeof(steps) / sizeof(steps[0]) == DB_SCHEMA_VERSION,
    "DB_SCHEMA_VERSION names the last step");

/* Other connections learn of an edit of the stored text by this number. */
static int
bump_schema_version(struct db *db)
{
	sqlite3_stmt *st;
	char pragma[48];
	int v;

	if (sqlite3_prepare_v2(db->h, "PRAGMA schema_version", -1, &st,
	    NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return -1;
	}
	v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	snprintf(pragma, sizeof(pragma), "PRAGMA schema_version=%d", v + 1);
	return db_exec(db, pragma);
}

int
schema_migrate(struct db *db)
{
	sqlite3_stmt *st;
	int version, i, n = (int)(sizeof(steps) / sizeof(steps[0]));
	char pragma[48];

	if ((st = db_stmt(db, "PRAGMA user_version")) == NULL)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_log(db, "user_version");
		return -1;
	}
	version = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (version > n) {
		log_warnx("%s: schema version %d is newer than this program (%d)",
		    db->path, version, n);
		return -1;
	}
	for (i = version; i < n; i++) {
		if (db_exec(db, "BEGIN IMMEDIATE") == -1)
			return -1;
		/* PRAGMA takes no bound parameters; the number is ours. */
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version=%d", i + 1);
		if (db_exec(db, steps[i]) == -1 ||
		    (steps[i] == schema_checks && bump_schema_version(db) == -1) ||
		    db_exec(db, pragma) == -1) {
			db_exec(db, "ROLLBACK");
			return -1;
		}
		if (db_exec(db, "COMMIT") == -1)
			return -1;
	}
	return 0;
}
