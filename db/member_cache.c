/*
 * The members a batch of SMS asks about again and again (the kasir of
 * market day, the treasurer told of each deposit) without a statement
 * each time.  Slots are direct-mapped by phone and allocated on first
 * use, so a cooperative of 100,000 members costs nothing at start-up and
 * at most MEMBER_SLOTS entries later; the indexes by id and by number
 * point into the same slots and are checked against the entry they find.
 */
#include <stdlib.h>
#include <string.h>

#include "db/member_cache.h"

#define MEMBER_SLOTS	8192	/* a power of two; about 1.4 MB when full */
#define ROLE_HELD_MAX	32	/* officers; anggota are never held whole */
#define ROLES		5

struct member_cache {
	unsigned long	 gen;		/* db->gen_members when filled */
	unsigned char	 used[MEMBER_SLOTS];
	struct member	 slot[MEMBER_SLOTS];
	uint16_t	 by_id[MEMBER_SLOTS];	/* slot + 1, 0 none */
	uint16_t	 by_number[MEMBER_SLOTS];
	struct {
		int		 held;
		int		 n;
		struct member	 list[ROLE_HELD_MAX];
	}		 role[ROLES];
};

_Static_assert(MEMBER_SLOTS <= 65535, "slot numbers fit the indexes");

static unsigned
hash_text(const char *s)
{
	unsigned h = 2166136261u;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h & (MEMBER_SLOTS - 1);
}

static unsigned
hash_id(int64_t id)
{
	uint64_t h = (uint64_t)id * 0x9E3779B97F4A7C15ull;

	return (unsigned)(h >> 40) & (MEMBER_SLOTS - 1);
}

/*
 * Between transactions (a USSD menu hop reads one member and writes
 * nothing): the facts as our last commit left them, and rows read since,
 * while no other connection has committed.  Reading PRAGMA data_version
 * costs a fraction of the lookup it saves.
 */
static int
still_ours(struct db *db, const struct member_cache *c)
{
	int64_t v;

	if (!db->committed || c->gen != db->gen_members ||
	    db_data_version(db, &v) == -1)
		return 0;
	return v == db->data_version;
}

/* The cache when its facts may be used now, emptied if they are stale. */
static struct member_cache *
cache_of(struct db *db)
{
	struct member_cache *c = db->member_cache;

	if (c == NULL)
		return NULL;
	if (!db->in_tx)
		return still_ours(db, c) ? c : NULL;
	if (c->gen != db->gen_members) {
		memset(c->used, 0, sizeof(c->used));
		memset(c->by_id, 0, sizeof(c->by_id));
		memset(c->by_number, 0, sizeof(c->by_number));
		memset(c->role, 0, sizeof(c->role));
		c->gen = db->gen_members;
	}
	return c;
}

/* As cache_of, allocating it on first use; NULL when none can be had. */
static struct member_cache *
cache_for_put(struct db *db)
{
	/* Read before data_version is: a row our last commit left. */
	if (!db->in_tx)
		return cache_of(db);
	if (db->member_cache == NULL &&
	    (db->member_cache = calloc(1, sizeof(*db->member_cache))) != NULL)
		db->member_cache->gen = db->gen_members;
	return cache_of(db);
}

void
member_cache_free(struct db *db)
{
	free(db->member_cache);
	db->member_cache = NULL;
}

int
member_cache_phone(struct db *db, const char *e164, struct member *m)
{
	struct member_cache *c = cache_of(db);
	unsigned i;

	if (c == NULL)
		return 0;
	i = hash_text(e164);
	if (!c->used[i] || strcmp(c->slot[i].phone, e164) != 0)
		return 0;
	*m = c->slot[i];
	return 1;
}

/* As the file compares them: number = upper(?), ASCII letters only. */
static void
upper_ascii(const char *s, char *buf, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len && s[i] != '\0'; i++)
		buf[i] = s[i] >= 'a' && s[i] <= 'z' ? (char)(s[i] - 'a' + 'A') : s[i];
	buf[i] = '\0';
}

int
member_cache_number(struct db *db, const char *number, struct member *m)
{
	struct member_cache *c = cache_of(db);
	char key[sizeof(m->number)];
	unsigned s;

	if (c == NULL || strlen(number) >= sizeof(key))
		return 0;
	upper_ascii(number, key, sizeof(key));
	s = c->by_number[hash_text(key)];
	if (s == 0 || !c->used[s - 1] || strcmp(c->slot[s - 1].number, key) != 0)
		return 0;
	*m = c->slot[s - 1];
	return 1;
}

int
member_cache_id(struct db *db, int64_t id, struct member *m)
{
	struct member_cache *c = cache_of(db);
	unsigned s;

	if (c == NULL)
		return 0;
	s = c->by_id[hash_id(id)];
	if (s == 0 || !c->used[s - 1] || c->slot[s - 1].id != id)
		return 0;
	*m = c->slot[s - 1];
	return 1;
}

void
member_cache_put(struct db *db, const struct member *m)
{
	struct member_cache *c = cache_for_put(db);
	unsigned i;

	if (c == NULL)
		return;
	i = hash_text(m->phone);
	c->slot[i] = *m;
	c->used[i] = 1;
	c->by_id[hash_id(m->id)] = (uint16_t)(i + 1);
	c->by_number[hash_text(m->number)] = (uint16_t)(i + 1);
}

static int
role_index(enum role r)
{
	int i;

	for (i = 0; i < ROLES; i++)
		if (r == (enum role)(1 << i))
			return r == ROLE_ANGGOTA ? -1 : i;
	return -1;
}

int
member_cache_role(struct db *db, enum role r, const struct member **list, int *n)
{
	struct member_cache *c = cache_of(db);
	int i = role_index(r);

	if (c == NULL || i < 0 || !c->role[i].held)
		return 0;
	*list = c->role[i].list;
	*n = c->role[i].n;
	return 1;
}

void
member_cache_role_put(struct db *db, enum role r, const struct member *list, int n)
{
	struct member_cache *c;
	int i = role_index(r);

	if (i < 0 || n > ROLE_HELD_MAX || (c = cache_for_put(db)) == NULL)
		return;
	memcpy(c->role[i].list, list, (size_t)n * sizeof(*list));
	c->role[i].n = n;
	c->role[i].held = 1;
}
