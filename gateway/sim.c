/*
 * The path every SMS takes, for one message handed in directly: an inbox
 * row, the handlers, the ledger and the outbox rows, in one transaction.
 * The tests use it; the daemon runs the same handle_message() on rows its
 * modems stored, and `kopdesctl sim` answers on the terminal instead.
 */
#include <stdio.h>
#include <string.h>

#include "gateway/gateway.h"

int
sim_message(const struct handlers_env *env, const char *from, const char *text,
    int64_t *inbox_id)
{
	struct inbound in;

	memset(&in, 0, sizeof(in));
	in.channel = CHANNEL_SMS;
	in.link = "sim";
	in.from = from;
	in.text = text;
	if (inbound_handle(env, &in) == -1)
		return -1;
	*inbox_id = in.inbox_id;
	return 0;
}
