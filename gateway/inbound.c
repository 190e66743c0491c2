/*
 * A message that arrives on a channel answered at once (USSD, kopdesctl
 * sim): stored, handled and answered in one transaction, with the reply to
 * the sender going to the channel's sink and everything for other people
 * to the SMS outbox.  Modems store first and handle later (pipeline.c);
 * both reach the same handle_message().
 */
#include <stdio.h>
#include <string.h>

#include "gateway/gateway.h"

int
inbound_run(const struct handlers_env *env, struct inbound *in)
{
	struct handlers_env e = *env;
	struct inbox_msg m;
	int64_t id = 0;
	int rc;

	memset(&m, 0, sizeof(m));
	snprintf(m.modem, sizeof(m.modem), "%s", in->link);
	/* Stored as E.164 so rate limits count one number however written. */
	if (phone_normalize(in->from, m.sender, sizeof(m.sender)) == -1)
		snprintf(m.sender, sizeof(m.sender), "%s", in->from);
	m.smsc_time = env->now;
	m.received_at = env->now;
	m.text = (char *)in->text;
	m.state = INBOX_BARU;
	m.channel = in->channel;
	e.sink = in->sink;
	in->duplicate = 0;
	rc = inbox_insert(env->db, &m, in->dedupe, in->dedupe_len, &id);
	if (rc == -1)
		return -1;
	in->inbox_id = id;
	in->duplicate = rc == 0;
	if (!in->duplicate && handle_message(&e, &m) == -1)
		return -1;
	if (in->inspect != NULL && in->inspect(env->db, in, in->arg) == -1)
		return -1;
	return 0;
}

int
inbound_handle(const struct handlers_env *env, struct inbound *in)
{
	if (db_begin(env->db) == -1)
		return -1;
	if (inbound_run(env, in) == -1)
		goto fail;
	if (in->dry_run)
		return db_rollback(env->db);
	if (db_commit(env->db) == -1)
		goto fail;
	return 0;
fail:
	db_rollback(env->db);
	return -1;
}
