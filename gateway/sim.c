/*
 * The path every SMS takes, for one message handed in directly: an inbox
 * row, the handlers, the ledger and the outbox rows, in one transaction.
 * `kopdesctl sim` and the tests use it; the daemon runs the same
 * handle_message() on rows its modems stored.
 */
#include <stdio.h>
#include <string.h>

#include "gateway/gateway.h"

int
sim_message(const struct handlers_env *env, const char *from, const char *text,
    int64_t *inbox_id)
{
	struct inbox_msg m;
	int64_t id;

	memset(&m, 0, sizeof(m));
	snprintf(m.modem, sizeof(m.modem), "sim");
	/* Stored as E.164 so rate limits count one number however written. */
	if (phone_normalize(from, m.sender, sizeof(m.sender)) == -1)
		snprintf(m.sender, sizeof(m.sender), "%s", from);
	m.smsc_time = env->now;
	m.received_at = env->now;
	m.text = (char *)text;
	m.state = INBOX_BARU;
	if (db_begin(env->db) == -1)
		return -1;
	if (inbox_insert(env->db, &m, NULL, 0, &id) == -1 ||
	    handle_message(env, &m) == -1) {
		db_rollback(env->db);
		return -1;
	}
	if (db_commit(env->db) == -1) {
		db_rollback(env->db);
		return -1;
	}
	*inbox_id = id;
	return 0;
}
