/*
 * Between db/db.c and the test-only fault hook beside it (db/fault.c);
 * nothing else includes this.
 */
#ifndef KOPDES_DB_INTERNAL_H
#define KOPDES_DB_INTERNAL_H

#include "db/db.h"

/* Records an error's code on the connection; a transient one counts. */
void	db_note_error(struct db *, int code);
/* 1 when the statement about to be stepped is to fail as a full disk would. */
int	db_fault_now(struct db *, int is_commit, const char *what);

#endif
