/*
 * The shop's prices and their history.  Items are matched without regard
 * to case; the fuzzy matching of what a shopper types is the handler's job.
 */
#include <stdio.h>
#include <string.h>

#include "db/db.h"

/* -1 when a text column could not be read (out of memory), logged. */
static int
price_from_row(struct db *db, sqlite3_stmt *st, struct price *p)
{
	memset(p, 0, sizeof(*p));
	p->id = sqlite3_column_int64(st, 0);
	p->price = sqlite3_column_int64(st, 2);
	p->updated_at = (time_t)sqlite3_column_int64(st, 4);
	if (db_column_text(db, st, 1, p->item, sizeof(p->item)) == -1 ||
	    db_column_text(db, st, 3, p->unit, sizeof(p->unit)) == -1)
		return -1;
	return 0;
}

int
price_set(struct db *db, const char *item, int64_t price, const char *unit,
    int64_t by_member, time_t at)
{
	sqlite3_stmt *st;

	/* An update without a unit keeps the unit the item had. */
	st = db_stmt(db, "INSERT INTO prices(item, price, unit, updated_at,"
	    " updated_by) VALUES (?1, ?2, ifnull(?3, 'kg'), ?4, ?5)"
	    " ON CONFLICT (item) DO UPDATE SET price = ?2,"
	    " unit = ifnull(?3, unit), updated_at = ?4, updated_by = ?5");
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, item, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, price);
	if (unit != NULL && unit[0] != '\0')
		sqlite3_bind_text(st, 3, unit, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)at);
	if (by_member != 0)
		sqlite3_bind_int64(st, 5, by_member);
	if (db_step_done(db, st) == -1)
		return -1;
	st = db_stmt(db, "INSERT INTO price_history(price_id, price, unit,"
	    " changed_at, changed_by) SELECT id, price, unit, updated_at,"
	    " updated_by FROM prices WHERE item = ?");
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, item, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

int
price_get(struct db *db, const char *item, struct price *p)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT id, item, price, unit,"
	    " updated_at FROM prices WHERE item = ?");
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, item, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && price_from_row(db, st, p) == -1) {
		sqlite3_reset(st);
		return -1;
	}
	return db_lookup_end(db, st, rc, "price lookup");
}

int
price_foreach(struct db *db, price_cb cb, void *arg)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT id, item, price, unit,"
	    " updated_at FROM prices ORDER BY item");
	struct price p;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (price_from_row(db, st, &p) == -1 || cb(&p, arg) == -1) {
			sqlite3_reset(st);
			return -1;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_log(db, "price list");
		return -1;
	}
	return 0;
}

int
price_history_count(struct db *db, const char *item, int64_t *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM price_history h"
	    " JOIN prices p ON p.id = h.price_id WHERE p.item = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, item, -1, SQLITE_STATIC);
	return db_one_int64(db, st, n) == 1 ? 0 : -1;
}

int
price_alias_set(struct db *db, const char *word, const char *item,
    int64_t by_member, time_t at)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO price_aliases(word, item,"
	    " updated_at, updated_by) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (word)"
	    " DO UPDATE SET item = ?2, updated_at = ?3, updated_by = ?4");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, word, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, item, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)at);
	if (by_member != 0)
		sqlite3_bind_int64(st, 4, by_member);
	return db_step_done(db, st);
}

int
price_alias_get(struct db *db, const char *word, char *item, size_t len)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT item FROM price_aliases WHERE"
	    " word = ?");
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, word, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(item, len, "%s", sqlite3_column_text(st, 0));
	return db_lookup_end(db, st, rc, "price alias lookup");
}
