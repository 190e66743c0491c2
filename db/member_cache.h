/*
 * Members read once held in memory for the rest of the transaction and
 * for later ones while nothing changed them (see struct db).  Only active
 * members are held (the lookups by phone and number skip those who left).
 */
#ifndef KOPDES_DB_MEMBER_CACHE_H
#define KOPDES_DB_MEMBER_CACHE_H

#include "db/db.h"

/* 1 and *m filled when held, 0 when the file must be asked. */
int		 member_cache_phone(struct db *, const char *e164, struct member *);
int		 member_cache_number(struct db *, const char *number, struct member *);
int		 member_cache_id(struct db *, int64_t id, struct member *);
void		 member_cache_put(struct db *, const struct member *);

/*
 * The active members of one role, by id: 1 with *list (valid until the
 * next call) and *n when held, 0 when not.  Put takes a copy; roles with
 * many members (anggota) are not held.
 */
int		 member_cache_role(struct db *, enum role, const struct member **list,
		    int *n);
void		 member_cache_role_put(struct db *, enum role, const struct member *,
		    int n);

#endif
