/*
 * Which SMS link takes a due outbox row.  A reply leaves by the link its
 * message came in on while that link can take it; everything else goes
 * round robin over the modems, then to Kannel; a row that failed on one
 * link goes to another when one can take it.
 */
#include <string.h>

#include "gateway/daemon.h"

int
links_pick(struct daemon *d, const char *avoid, const char *came_in)
{
	int kannel_ok = d->kannel != NULL && kannel_can_take(d) &&
	    (avoid == NULL || strcmp(avoid, "kannel") != 0);
	int m;

	if (kannel_ok && came_in != NULL && strcmp(came_in, "kannel") == 0)
		return LINK_KANNEL(d);
	m = d->nmodems > 0 ? modems_pick(d, avoid) : -1;
	/* modems_pick hands back `avoid` itself when nothing else can. */
	if (m != -1 && (avoid == NULL || strcmp(modems_name(d, m), avoid) != 0))
		return m;
	if (kannel_ok)
		return LINK_KANNEL(d);
	if (m == -1 && d->kannel != NULL && kannel_can_take(d))
		return LINK_KANNEL(d);	/* Kannel is the one that failed; the only one */
	return m;
}

int
links_submit(struct daemon *d, int link, int64_t outbox_id, const char *phone,
    const char *text)
{
	if (link == LINK_KANNEL(d))
		return kannel_submit(d, outbox_id, phone, text);
	return modems_submit(d, link, outbox_id, phone, text);
}
