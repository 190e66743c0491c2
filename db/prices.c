/*
 * The shop's prices and their history.  Items are matched without regard
 * to case; the fuzzy matching of what a shopper types is the handler's job.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"

/*
 * Every HARGA reads the whole price list and looks its words up among
 * the aliases; both are short, so both are held whole (see struct db for
 * when they are trusted).  A shop with more than PRICES_HELD_MAX items or
 * aliases is read from the file each time, as before.
 */
#define PRICES_HELD_MAX	128
#define ALIASES_UNREAD		-1
#define ALIASES_NOT_HELD	-2	/* too many, until a price changes */

struct price_cache {
	unsigned long	 gen;		/* db->gen_prices when read */
	int		 busy;		/* a walk of the list is under way */
	int		 nprices;	/* -1: not held */
	struct price	 prices[PRICES_HELD_MAX];
	int		 naliases;	/* or ALIASES_UNREAD, ALIASES_NOT_HELD */
	struct {
		char	 word[48];
		char	 item[48];
	}		 aliases[PRICES_HELD_MAX];
};

void
price_cache_free(struct db *db)
{
	free(db->price_cache);
	db->price_cache = NULL;
}

static struct price_cache *
price_cache(struct db *db)
{
	struct price_cache *c;

	if (!db->in_tx)
		return NULL;
	if ((c = db->price_cache) == NULL) {
		if ((c = calloc(1, sizeof(*c))) == NULL)
			return NULL;
		db->price_cache = c;
		c->gen = db->gen_prices - 1;
	}
	if (c->gen != db->gen_prices) {
		if (c->busy)
			return NULL;
		c->gen = db->gen_prices;
		c->nprices = -1;
		c->naliases = ALIASES_UNREAD;
	}
	return c;
}

/* SQLite's NOCASE: only the ASCII letters fold. */
static int
nocase_equal(const char *a, const char *b)
{
	unsigned char x, y;

	do {
		x = (unsigned char)*a++;
		y = (unsigned char)*b++;
		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y - 'A' + 'a');
	} while (x == y && x != '\0');
	return x == y;
}

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

static int
price_walk_held(struct price_cache *c, price_cb cb, void *arg)
{
	struct price p;
	int i, rc = 0;

	c->busy = 1;
	for (i = 0; i < c->nprices && rc == 0; i++) {
		p = c->prices[i];
		rc = cb(&p, arg);
	}
	c->busy = 0;
	return rc == -1 ? -1 : 0;
}

int
price_foreach(struct db *db, price_cb cb, void *arg)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT id, item, price, unit,"
	    " updated_at FROM prices ORDER BY item");
	struct price_cache *c = price_cache(db);
	unsigned long gen = db->gen_prices;
	struct price p;
	int rc, n = 0;

	if (c != NULL && c->nprices >= 0)
		return price_walk_held(c, cb, arg);
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (price_from_row(db, st, &p) == -1 || cb(&p, arg) == -1) {
			sqlite3_reset(st);
			return -1;
		}
		if (c != NULL && n < PRICES_HELD_MAX)
			c->prices[n] = p;
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_log(db, "price list");
		return -1;
	}
	/* Held only when read whole with no price written meanwhile. */
	if (c != NULL && n <= PRICES_HELD_MAX && db->gen_prices == gen &&
	    db->price_cache == c && c->gen == gen && !c->busy)
		c->nprices = n;
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

/* All the aliases into the cache: 0, or -1 when there are too many. */
static int
aliases_read(struct db *db, struct price_cache *c)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT word, item FROM price_aliases");
	const char *w, *it;
	int rc, n = 0;

	if (st == NULL)
		return -1;
	c->naliases = ALIASES_NOT_HELD;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < PRICES_HELD_MAX) {
		w = (const char *)sqlite3_column_text(st, 0);
		it = (const char *)sqlite3_column_text(st, 1);
		/* One cut short by the copy would not be the word stored. */
		if (w == NULL || it == NULL ||
		    strlen(w) >= sizeof(c->aliases[n].word) ||
		    strlen(it) >= sizeof(c->aliases[n].item))
			break;
		snprintf(c->aliases[n].word, sizeof(c->aliases[n].word), "%s", w);
		snprintf(c->aliases[n].item, sizeof(c->aliases[n].item), "%s", it);
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	c->naliases = n;
	return 0;
}

int
price_alias_get(struct db *db, const char *word, char *item, size_t len)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT item FROM price_aliases WHERE"
	    " word = ?");
	struct price_cache *c = price_cache(db);
	int i, rc;

	if (c != NULL && c->naliases == ALIASES_UNREAD)
		aliases_read(db, c);
	if (c != NULL && c->naliases >= 0) {
		for (i = 0; i < c->naliases; i++)
			if (nocase_equal(c->aliases[i].word, word)) {
				snprintf(item, len, "%s", c->aliases[i].item);
				return 1;
			}
		return 0;
	}
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, word, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(item, len, "%s", sqlite3_column_text(st, 0));
	return db_lookup_end(db, st, rc, "price alias lookup");
}
