/*
 * For aggregators that send only the last input: the session's path, kept
 * in memory only (it may hold a new PIN between two hops) and forgotten
 * after the session's lifetime.  A session that ended keeps its path just
 * long enough to answer a repeat of its last hop with the same screen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "gateway/ussd.h"

#define USSD_MEMORY_MAX	4096

struct ussd_memory_entry {
	int		 used;
	int		 has_inputs;
	int		 ended;
	time_t		 updated;
	char		 session_id[101];
	char		 last_input[64];
	char		 path[USSD_TEXT_MAX];
};

struct ussd_memory {
	int				 keep;
	struct ussd_memory_entry	*e;
};

struct ussd_memory *
ussd_memory_new(int keep_seconds)
{
	struct ussd_memory *m = calloc(1, sizeof(*m));

	if (m == NULL)
		return NULL;
	m->keep = keep_seconds;
	/* Locked and wiped on free: it holds PINs for a hop or two. */
	if ((m->e = sodium_allocarray(USSD_MEMORY_MAX, sizeof(*m->e))) == NULL) {
		free(m);
		return NULL;
	}
	memset(m->e, 0, USSD_MEMORY_MAX * sizeof(*m->e));
	return m;
}

void
ussd_memory_free(struct ussd_memory *m)
{
	if (m == NULL)
		return;
	sodium_free(m->e);
	free(m);
}

static void
forget(struct ussd_memory_entry *e)
{
	sodium_memzero(e, sizeof(*e));
}

int
ussd_memory_path(struct ussd_memory *m, const char *session_id,
    const char *input, time_t now, char *path, size_t len)
{
	struct ussd_memory_entry *e = NULL, *oldest = NULL, *free_slot = NULL;
	size_t n;
	int i;

	if (strlen(session_id) >= sizeof(e->session_id))
		return -1;
	for (i = 0; i < USSD_MEMORY_MAX; i++) {
		struct ussd_memory_entry *x = &m->e[i];

		if (x->used && x->updated + m->keep < now)
			forget(x);
		if (!x->used) {
			if (free_slot == NULL)
				free_slot = x;
			continue;
		}
		if (strcmp(x->session_id, session_id) == 0)
			e = x;
		if (oldest == NULL || x->updated < oldest->updated)
			oldest = x;
	}
	if (e != NULL && e->ended) {
		/* A repeat of the last hop, or input after the end: same answer. */
		e->updated = now;
		snprintf(path, len, "%s", e->path);
		return 0;
	}
	if (e == NULL) {
		e = free_slot != NULL ? free_slot : oldest;
		forget(e);
		e->used = 1;
		snprintf(e->session_id, sizeof(e->session_id), "%s", session_id);
	}
	n = strlen(e->path);
	if (n + strlen(input) + 2 > sizeof(e->path))
		return -1;
	/* The first hop's text is a path already (a dial string's shortcut). */
	if (e->has_inputs)
		snprintf(e->path + n, sizeof(e->path) - n, "*%s", input);
	else if (input[0] != '\0') {
		snprintf(e->path, sizeof(e->path), "%s", input);
		e->has_inputs = 1;
	} else if (e->updated != 0)
		e->has_inputs = 1;	/* an empty answer after the first hop */
	snprintf(e->last_input, sizeof(e->last_input), "%s", input);
	e->updated = now;
	snprintf(path, len, "%s", e->path);
	return 0;
}

void
ussd_memory_answered(struct ussd_memory *m, const char *session_id, int end)
{
	int i;

	for (i = 0; i < USSD_MEMORY_MAX; i++)
		if (m->e[i].used && strcmp(m->e[i].session_id, session_id) == 0) {
			m->e[i].ended = end;
			return;
		}
}
