/*
 * Members and their accounts.  A member's four ledger accounts are made
 * with the member, so every later posting finds them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "db/member_cache.h"

static const char *const member_accounts[][2] = {
	{ "simpanan_pokok", "C" },
	{ "simpanan_wajib", "C" },
	{ "simpanan_sukarela", "C" },
	{ "piutang_pinjaman", "D" },
};

#define MEMBER_COLUMNS \
	"id, number, phone, name, role, pin_salt, pin_hash, failed_tries, locked"

/* -1 when a text column could not be read (out of memory), logged. */
static int
member_from_row(struct db *db, sqlite3_stmt *st, struct member *m)
{
	enum role r = ROLE_ANGGOTA;

	memset(m, 0, sizeof(*m));
	m->id = sqlite3_column_int64(st, 0);
	if (db_column_text(db, st, 1, m->number, sizeof(m->number)) == -1 ||
	    db_column_text(db, st, 2, m->phone, sizeof(m->phone)) == -1 ||
	    db_column_text(db, st, 3, m->name, sizeof(m->name)) == -1)
		return -1;
	role_parse((const char *)sqlite3_column_text(st, 4), &r);
	m->role = r;
	if (sqlite3_column_bytes(st, 5) == PIN_SALT_LEN &&
	    sqlite3_column_bytes(st, 6) == PIN_HASH_LEN) {
		memcpy(m->pin_salt, sqlite3_column_blob(st, 5), PIN_SALT_LEN);
		memcpy(m->pin_hash, sqlite3_column_blob(st, 6), PIN_HASH_LEN);
		m->has_pin = 1;
	}
	m->failed_tries = sqlite3_column_int(st, 7);
	m->locked = sqlite3_column_int(st, 8);
	return 0;
}

/* active_col: the column saying she has not left, -1 when all rows say so. */
static int
member_fetch(struct db *db, sqlite3_stmt *st, struct member *m, int active_col)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW) {
		rc = member_from_row(db, st, m);
		if (rc == 0 && (active_col < 0 || sqlite3_column_int(st, active_col)))
			member_cache_put(db, m);
		sqlite3_reset(st);
		return rc == 0 ? 1 : -1;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	db_log(db, "member lookup");
	return -1;
}

int
member_by_phone(struct db *db, const char *e164, struct member *m)
{
	sqlite3_stmt *st = db_stmt(db,
	    "SELECT " MEMBER_COLUMNS " FROM members WHERE phone = ?"
	    " AND left_on IS NULL");

	if (member_cache_phone(db, e164, m))
		return 1;
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, e164, -1, SQLITE_STATIC);
	return member_fetch(db, st, m, -1);
}

int
member_by_number(struct db *db, const char *number, struct member *m)
{
	sqlite3_stmt *st = db_stmt(db,
	    "SELECT " MEMBER_COLUMNS " FROM members WHERE number = upper(?)"
	    " AND left_on IS NULL");

	if (member_cache_number(db, number, m))
		return 1;
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, number, -1, SQLITE_STATIC);
	return member_fetch(db, st, m, -1);
}

int
member_by_id(struct db *db, int64_t id, struct member *m)
{
	sqlite3_stmt *st = db_stmt(db,
	    "SELECT " MEMBER_COLUMNS ", left_on IS NULL FROM members WHERE id = ?");

	if (member_cache_id(db, id, m))
		return 1;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return member_fetch(db, st, m, 9);
}

/*
 * The next free A-number: one more than the highest in use.  Numbers are
 * zero-padded to three digits but may grow past them (A1000 follows
 * A999), so the highest is the longest, then the greatest; an index on
 * (length, number) makes that one step even with many members (the `+`
 * keeps SQLite from preferring the unique index and sorting every
 * A-number).
 */
int
member_next_number(struct db *db, char *buf, size_t len)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT CAST(substr(number, 2) AS INTEGER)"
	    " FROM members WHERE +number GLOB 'A[0-9]*'"
	    " ORDER BY length(number) DESC, number DESC LIMIT 1");
	int64_t last = 0;

	if (st == NULL || db_one_int64(db, st, &last) == -1)
		return -1;
	snprintf(buf, len, "A%03lld", (long long)last + 1);
	return 0;
}

int
member_insert(struct db *db, struct member *m)
{
	sqlite3_stmt *st;
	size_t i;

	if (m->number[0] == '\0' &&
	    member_next_number(db, m->number, sizeof(m->number)) == -1)
		return -1;
	st = db_stmt(db, "INSERT INTO members(number, phone, name, role,"
	    " pin_salt, pin_hash, created_at) VALUES (upper(?), ?, ?, ?, ?, ?,"
	    " strftime('%s','now'))");
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, m->number, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, m->phone, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, m->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, role_name(m->role), -1, SQLITE_STATIC);
	if (m->has_pin) {
		sqlite3_bind_blob(st, 5, m->pin_salt, PIN_SALT_LEN, SQLITE_STATIC);
		sqlite3_bind_blob(st, 6, m->pin_hash, PIN_HASH_LEN, SQLITE_STATIC);
	}
	if (db_step_done(db, st) == -1)
		return -1;
	m->id = sqlite3_last_insert_rowid(db->h);
	for (i = 0; i < sizeof(member_accounts) / sizeof(member_accounts[0]); i++) {
		st = db_stmt(db, "INSERT INTO accounts(code, member_id, normal)"
		    " VALUES (?, ?, ?)");
		if (st == NULL)
			return -1;
		sqlite3_bind_text(st, 1, member_accounts[i][0], -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, m->id);
		sqlite3_bind_text(st, 3, member_accounts[i][1], -1, SQLITE_STATIC);
		if (db_step_done(db, st) == -1)
			return -1;
	}
	return 0;
}

int
member_set_pin(struct db *db, int64_t id, const unsigned char *salt,
    const unsigned char *hash)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE members SET pin_salt = ?,"
	    " pin_hash = ?, failed_tries = 0, locked = 0 WHERE id = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_blob(st, 1, salt, PIN_SALT_LEN, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, hash, PIN_HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, id);
	return db_step_done(db, st);
}

int
member_set_tries(struct db *db, int64_t id, int tries, int locked)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE members SET failed_tries = ?,"
	    " locked = ? WHERE id = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, tries);
	sqlite3_bind_int(st, 2, locked);
	sqlite3_bind_int64(st, 3, id);
	return db_step_done(db, st);
}

static int
member_iterate(struct db *db, sqlite3_stmt *st, member_cb cb, void *arg)
{
	struct member m;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (member_from_row(db, st, &m) == -1 || cb(&m, arg) == -1) {
			sqlite3_reset(st);
			return -1;
		}
	}
	return db_rows_end(db, st, rc, "member list");
}

int
member_foreach(struct db *db, member_cb cb, void *arg)
{
	sqlite3_stmt *st = db_stmt(db,
	    "SELECT " MEMBER_COLUMNS " FROM members ORDER BY number");

	if (st == NULL)
		return -1;
	return member_iterate(db, st, cb, arg);
}

#define ROLE_LIST_MAX 32	/* as many as member_cache.c holds */

/*
 * The officers of a role are told of every deposit, so the list is held;
 * each callback gets a copy, as it may change what is held.
 */
int
member_foreach_role(struct db *db, enum role role, member_cb cb, void *arg)
{
	sqlite3_stmt *st = db_stmt(db,
	    "SELECT " MEMBER_COLUMNS " FROM members WHERE role = ?"
	    " AND left_on IS NULL ORDER BY id");
	struct member list[ROLE_LIST_MAX], m;
	const struct member *held;
	unsigned long gen = db->gen_members;
	int i, n = 0, rc;

	if (member_cache_role(db, role, &held, &n)) {
		memcpy(list, held, (size_t)n * sizeof(*list));
		for (i = 0; i < n; i++) {
			m = list[i];
			if (cb(&m, arg) == -1)
				return -1;
		}
		return 0;
	}
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, role_name(role), -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (member_from_row(db, st, &m) == -1) {
			sqlite3_reset(st);
			return -1;
		}
		if (n < ROLE_LIST_MAX)
			list[n] = m;
		n++;
		if (cb(&m, arg) == -1) {
			sqlite3_reset(st);
			return -1;
		}
	}
	if (db_rows_end(db, st, rc, "member list") == -1)
		return -1;
	/* Only a list read whole with nothing written to members meanwhile. */
	if (n <= ROLE_LIST_MAX && db->gen_members == gen)
		member_cache_role_put(db, role, list, n);
	return 0;
}

int64_t
member_count(struct db *db)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM members");
	int64_t n = -1;

	if (st == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

/* Members whose PIN hash needs the key they were made with. */
int64_t
member_count_with_pin(struct db *db)
{
	sqlite3_stmt *st = db_stmt(db,
	    "SELECT count(*) FROM members WHERE pin_hash IS NOT NULL");
	int64_t n = -1;

	if (st == NULL)
		return -1;
	if (db_one_int64(db, st, &n) != 1)
		return -1;
	return n;
}
