/*
 * The double-entry ledger (SPEC §4).  An entry is written with its lines
 * and the account balances it moves, inside the caller's transaction, and
 * is refused whole unless its debits equal its credits.  Nothing is ever
 * edited or deleted: a mistake is undone by a reversing entry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"

/*
 * Every posting asks for the id of kas and of the member's account.  An
 * account keeps its id, code and member for ever, so the ids found are
 * held (see struct db for when), direct-mapped by member and code.
 */
#define ACCOUNT_SLOTS	1024	/* a power of two */
#define ACCOUNT_CODE_MAX 24

struct account_cache {
	unsigned long	 gen;		/* db->gen_accounts when filled */
	struct {
		int64_t	 member_id;
		int64_t	 id;		/* 0: empty */
		char	 code[ACCOUNT_CODE_MAX];
	}		 slot[ACCOUNT_SLOTS];
};

void
account_cache_free(struct db *db)
{
	free(db->account_cache);
	db->account_cache = NULL;
}

static unsigned
account_slot(const char *code, int64_t member_id)
{
	unsigned h = 2166136261u ^ (unsigned)member_id;

	while (*code != '\0')
		h = (h ^ (unsigned char)*code++) * 16777619u;
	return (h ^ (h >> 15)) & (ACCOUNT_SLOTS - 1);
}

static struct account_cache *
account_cache(struct db *db)
{
	struct account_cache *c = db->account_cache;

	if (!db->in_tx)
		return NULL;
	if (c == NULL && (c = db->account_cache = calloc(1, sizeof(*c))) != NULL)
		c->gen = db->gen_accounts;
	if (c != NULL && c->gen != db->gen_accounts) {
		memset(c->slot, 0, sizeof(c->slot));
		c->gen = db->gen_accounts;
	}
	return c;
}

int
account_id(struct db *db, const char *code, int64_t member_id, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT id FROM accounts"
	    " WHERE code = ? AND ifnull(member_id, 0) = ?");
	struct account_cache *c = account_cache(db);
	unsigned i = account_slot(code, member_id);
	int rc;

	if (c != NULL && c->slot[i].id != 0 && c->slot[i].member_id == member_id &&
	    strcmp(c->slot[i].code, code) == 0) {
		*id = c->slot[i].id;
		return 1;
	}
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, member_id);
	rc = db_one_int64(db, st, id);
	if (rc == 1 && c != NULL && strlen(code) < ACCOUNT_CODE_MAX) {
		c->slot[i].member_id = member_id;
		c->slot[i].id = *id;
		snprintf(c->slot[i].code, sizeof(c->slot[i].code), "%s", code);
	}
	return rc;
}

int
account_balance(struct db *db, int64_t id, int64_t *balance)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT balance FROM accounts WHERE id = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return db_one_int64(db, st, balance);
}

int
member_balance(struct db *db, int64_t member_id, const char *code,
    int64_t *balance)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT balance FROM accounts"
	    " WHERE code = ? AND member_id = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, member_id);
	*balance = 0;
	return db_one_int64(db, st, balance);
}

/*
 * One statement for SALDO: her accounts' rows by the member index, which
 * SQLite steps through more cheaply than four lookups by code.
 */
int
member_balances(struct db *db, int64_t member_id, int64_t *pokok,
    int64_t *wajib, int64_t *sukarela, int64_t *loan)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT code, balance FROM accounts"
	    " WHERE member_id = ?");
	const char *code;
	int rc;

	*pokok = *wajib = *sukarela = *loan = 0;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, member_id);
	for (rc = db_step_first(db, st); rc == SQLITE_ROW; rc = sqlite3_step(st)) {
		/* A code that cannot be read (out of memory) must not read as 0. */
		if ((code = (const char *)sqlite3_column_text(st, 0)) == NULL) {
			rc = SQLITE_NOMEM;
			break;
		}
		if (strcmp(code, "simpanan_pokok") == 0)
			*pokok = sqlite3_column_int64(st, 1);
		else if (strcmp(code, "simpanan_wajib") == 0)
			*wajib = sqlite3_column_int64(st, 1);
		else if (strcmp(code, "simpanan_sukarela") == 0)
			*sukarela = sqlite3_column_int64(st, 1);
		else if (strcmp(code, "piutang_pinjaman") == 0)
			*loan = sqlite3_column_int64(st, 1);
	}
	if (rc == -1)
		return -1;
	if (rc != SQLITE_DONE) {
		db_log(db, "member balances");
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	return 0;
}

static int
lines_balanced(const struct ledger_line *l, int n)
{
	int64_t debit = 0, credit = 0;
	int i;

	if (n < 2)
		return 0;
	for (i = 0; i < n; i++) {
		if (l[i].debit < 0 || l[i].credit < 0 ||
		    (l[i].debit == 0) == (l[i].credit == 0))
			return 0;
		/* Amounts are capped far below INT64_MAX / lines by the parser. */
		if (l[i].debit > INT64_MAX - debit ||
		    l[i].credit > INT64_MAX - credit)
			return 0;
		debit += l[i].debit;
		credit += l[i].credit;
	}
	return debit == credit;
}

static void
bind_nullable(sqlite3_stmt *st, int col, int64_t v)
{
	if (v != 0)
		sqlite3_bind_int64(st, col, v);
	else
		sqlite3_bind_null(st, col);
}

int
ledger_post(struct db *db, const struct ledger_entry *e,
    const struct ledger_line *lines, int nlines, int64_t *journal_id,
    char ref[LEDGER_REF_LEN])
{
	sqlite3_stmt *st;
	int64_t id;
	int i;

	if (!lines_balanced(lines, nlines)) {
		log_warnx("ledger: refused an unbalanced %s entry", e->kind);
		return -1;
	}
	if ((st = db_stmt(db, "SELECT ifnull(max(id), 0) + 1 FROM journal")) == NULL)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_log(db, "journal id");
		sqlite3_reset(st);
		return -1;
	}
	id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	/* The reference a member reads in her SMS: short, and never reused. */
	snprintf(ref, LEDGER_REF_LEN, "R%06lld", (long long)id);

	st = db_stmt(db, "INSERT INTO journal(id, ref, kind, memo, member_id,"
	    " officer_id, inbox_id, reverses_id, created_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, ref, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, e->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, e->memo, -1, SQLITE_STATIC);
	bind_nullable(st, 5, e->member_id);
	bind_nullable(st, 6, e->officer_id);
	bind_nullable(st, 7, e->inbox_id);
	bind_nullable(st, 8, e->reverses_id);
	sqlite3_bind_int64(st, 9, (sqlite3_int64)e->at);
	if (db_step_done(db, st) == -1)
		return -1;

	for (i = 0; i < nlines; i++) {
		st = db_stmt(db, "INSERT INTO journal_lines(journal_id, account_id,"
		    " debit, credit) VALUES (?, ?, ?, ?)");
		if (st == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, lines[i].account_id);
		sqlite3_bind_int64(st, 3, lines[i].debit);
		sqlite3_bind_int64(st, 4, lines[i].credit);
		if (db_step_done(db, st) == -1)
			return -1;
		st = db_stmt(db, "UPDATE accounts SET balance = balance +"
		    " CASE normal WHEN 'D' THEN ?1 - ?2 ELSE ?2 - ?1 END"
		    " WHERE id = ?3");
		if (st == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, lines[i].debit);
		sqlite3_bind_int64(st, 2, lines[i].credit);
		sqlite3_bind_int64(st, 3, lines[i].account_id);
		if (db_step_done(db, st) == -1)
			return -1;
		if (sqlite3_changes(db->h) != 1) {
			log_warnx("ledger: no account %lld",
			    (long long)lines[i].account_id);
			return -1;
		}
	}
	if (journal_id != NULL)
		*journal_id = id;
	return 0;
}
