/*
 * The register beyond what the SMS commands need: NIK, address, the day a
 * member joined and the day she left, and the changes an officer makes.
 * A member who left is found here (her history stays) but no longer by
 * member_by_phone/member_by_number, which name those who may act.
 */
#include <string.h>

#include "db/db.h"

/* The register keeps no empty text: a field not known is NULL. */
static void
bind_or_null(sqlite3_stmt *st, int i, const char *s)
{
	db_bind_text_or_null(st, i, s != NULL && s[0] != '\0' ? s : NULL);
}

int
member_extra_get(struct db *db, int64_t id, struct member_extra *x)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT nik, address, joined_on, left_on"
	    " FROM members WHERE id = ?");
	int rc;

	memset(x, 0, sizeof(*x));
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW &&
	    (db_column_text(db, st, 0, x->nik, sizeof(x->nik)) == -1 ||
	    db_column_text(db, st, 1, x->address, sizeof(x->address)) == -1 ||
	    db_column_text(db, st, 2, x->joined_on, sizeof(x->joined_on)) == -1 ||
	    db_column_text(db, st, 3, x->left_on, sizeof(x->left_on)) == -1)) {
		sqlite3_reset(st);
		return -1;
	}
	return db_lookup_end(db, st, rc, "member register");
}

int
member_extra_set(struct db *db, int64_t id, const struct member_extra *x)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE members SET nik = ?, address = ?,"
	    " joined_on = ? WHERE id = ?");

	if (st == NULL)
		return -1;
	bind_or_null(st, 1, x->nik);
	bind_or_null(st, 2, x->address);
	bind_or_null(st, 3, x->joined_on);
	sqlite3_bind_int64(st, 4, id);
	return db_step_done(db, st);
}

int
member_update(struct db *db, const struct member *m)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE members SET phone = ?, name = ?,"
	    " role = ? WHERE id = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, m->phone, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, m->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, role_name(m->role), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, m->id);
	return db_step_done(db, st);
}

int
member_set_left(struct db *db, int64_t id, const char *day)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE members SET left_on = ?"
	    " WHERE id = ? AND left_on IS NULL");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	return db_step_done(db, st);
}

/* Anyone who was ever a member under this number or phone: 1, 0, -1. */
int
member_any(struct db *db, const char *number_or_e164, struct member *m)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT id FROM members"
	    " WHERE number = upper(?1) OR phone = ?1"
	    " ORDER BY left_on IS NOT NULL, id LIMIT 1");
	int64_t id;
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, number_or_e164, -1, SQLITE_STATIC);
	if ((rc = db_one_int64(db, st, &id)) != 1)
		return rc;
	return member_by_id(db, id, m);
}

int
member_count_between(struct db *db, enum member_event ev, const char *from,
    const char *to, int64_t *n)
{
	sqlite3_stmt *st = ev == MEMBER_LEFT ?
	    db_stmt(db, "SELECT count(*) FROM members"
	    " WHERE left_on >= ? AND left_on <= ?") :
	    db_stmt(db, "SELECT count(*) FROM members"
	    " WHERE joined_on >= ? AND joined_on <= ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
	*n = 0;
	return db_one_int64(db, st, n) == -1 ? -1 : 0;
}

int64_t
member_count_active(struct db *db)
{
	sqlite3_stmt *st = db_stmt(db,
	    "SELECT count(*) FROM members WHERE left_on IS NULL");
	int64_t n = -1;

	if (st == NULL || db_one_int64(db, st, &n) != 1)
		return -1;
	return n;
}
