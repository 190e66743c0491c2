/*
 * POST /ussd and POST /ussd/end in the common aggregator form (sessionId,
 * serviceCode, phoneNumber, networkCode, text), answered text/plain with
 * CON or END.  A hop is answered within the request: the handlers take
 * milliseconds and the aggregator waits seconds at most.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/queue.h>

#include <event2/event.h>
#include <event2/keyvalq_struct.h>
#include <sodium.h>

#include "gateway/daemon.h"
#include "gateway/http.h"
#include "gateway/ussd.h"

/*
 * Command hops that arrive together are committed together: 50 sessions
 * ending at once would otherwise queue behind 50 disk flushes, the last
 * one waiting for all.  Each is answered only after its commit, so an
 * answer seen is a posting kept.
 */
struct ussd_wait {
	struct evhttp_request	*req;
	enum evhttp_cmd_type	 method;
	struct ussd_command	*cmd;
};

struct ussd_batch {
	struct event		*ev;
	struct event		*kick;		/* the sender, after the answers */
	struct ussd_wait	*w;
	struct ussd_command	**cmds;
	size_t			 n, cap;
};

static void
hop_answer(struct http_call *call, const struct ussd_request *rq,
    enum ussd_result res, const struct ussd_answer *a)
{
	struct daemon *d = call->d;
	char body[USSD_SCREEN_MAX + 8];
	size_t n;

	if (res == USSD_ERROR) {
		log_warnx("ussd: hop failed; the subscriber was told");
		http_answer(call, 200, "text/plain",
		    "END Maaf, terjadi gangguan. Silakan coba lagi nanti.");
		return;
	}
	d->ussd_hops++;
	if (d->ussd != NULL)
		ussd_memory_answered(d->ussd, rq->session_id, a->end);
	memcpy(body, a->end ? "END " : "CON ", 4);
	n = ussd_copy(body + 4, sizeof(body) - 4, a->screen);
	body[4 + n] = '\0';
	http_answer(call, 200, "text/plain", body);
}

static void
batch_flush(evutil_socket_t fd, short ev, void *arg)
{
	struct daemon *d = arg;
	struct ussd_batch *b = d->ussd_batch;
	struct handlers_env env = d->env;
	struct http_call call;
	struct timeval now = { 0, 0 };
	size_t i, n = b->n;

	(void)fd;
	(void)ev;
	for (i = 0; i < n; i++)
		b->cmds[i] = b->w[i].cmd;
	d->ussd_commits += (uint64_t)ussd_commands_run(&env, b->cmds, n);
	d->ussd_commands += n;
	for (i = 0; i < n; i++) {
		struct ussd_command *c = b->w[i].cmd;

		memset(&call, 0, sizeof(call));
		call.d = d;
		call.req = b->w[i].req;
		call.method = b->w[i].method;
		snprintf(call.path, sizeof(call.path), "/ussd");
		hop_answer(&call, &c->rq, c->result, &c->answer);
		ussd_command_free(c);
	}
	/* Nothing comes in while they run: the loop is ours. */
	b->n = 0;
	/*
	 * Receipts and alerts to others the commands queued, in the next
	 * pass of the loop: the answers leave first.
	 */
	evtimer_add(b->kick, &now);
}

static void
batch_kick(evutil_socket_t fd, short ev, void *arg)
{
	(void)fd;
	(void)ev;
	sender_kick(arg);
}

static int
batch_add(struct daemon *d, struct http_call *call, struct ussd_command *c)
{
	struct ussd_batch *b = d->ussd_batch;

	if (b == NULL) {
		if ((b = calloc(1, sizeof(*b))) == NULL)
			return -1;
		if ((b->ev = event_new(d->base, -1, 0, batch_flush, d)) == NULL) {
			free(b);
			return -1;
		}
		if ((b->kick = evtimer_new(d->base, batch_kick, d)) == NULL) {
			event_free(b->ev);
			free(b);
			return -1;
		}
		d->ussd_batch = b;
	}
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		struct ussd_wait *nw = realloc(b->w, cap * sizeof(*nw));
		struct ussd_command **nc;

		if (nw == NULL)
			return -1;
		b->w = nw;
		if ((nc = realloc(b->cmds, cap * sizeof(*nc))) == NULL)
			return -1;
		b->cmds = nc;
		b->cap = cap;
	}
	b->w[b->n].req = call->req;
	b->w[b->n].method = call->method;
	b->w[b->n].cmd = c;
	b->n++;
	/* Run once the requests read in this pass of the loop are in. */
	event_active(b->ev, 0, 0);
	return 0;
}

void
http_ussd_stop(struct daemon *d)
{
	struct ussd_batch *b = d->ussd_batch;
	size_t i;

	if (b == NULL)
		return;
	/* Not run, not answered: nothing of them was stored. */
	for (i = 0; i < b->n; i++)
		ussd_command_free(b->w[i].cmd);
	event_free(b->ev);
	event_free(b->kick);
	free(b->w);
	free(b->cmds);
	free(b);
	d->ussd_batch = NULL;
}

/* The form's fields in one pass, the first of each name as evhttp finds it. */
static void
hop_fields(const struct evkeyvalq *form, struct ussd_request *rq,
    const char **text)
{
	static const char *const names[] = {
		"sessionId", "serviceCode", "phoneNumber", "networkCode", "text"
	};
	const char **field[] = {
		&rq->session_id, &rq->service_code, &rq->phone, &rq->network, text
	};
	const struct evkeyval *kv;
	size_t i;

	*text = NULL;
	TAILQ_FOREACH(kv, form, next)
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (*field[i] == NULL && strcasecmp(kv->key, names[i]) == 0)
				*field[i] = kv->value;
}

static void
serve_ussd(struct http_call *call)
{
	struct daemon *d = call->d;
	struct ussd_request rq;
	struct ussd_answer a;
	struct ussd_command *cmd;
	struct handlers_env env = d->env;
	char path[USSD_TEXT_MAX];
	enum ussd_result res;
	const char *text;

	memset(&rq, 0, sizeof(rq));
	hop_fields(call->form, &rq, &text);
	if (rq.session_id == NULL || rq.phone == NULL) {
		http_answer(call, 400, "text/plain", "sessionId and phoneNumber"
		    " are required\n");
		return;
	}
	env.now = clock_now();
	rq.text = text != NULL ? text : "";
	if (d->cfg->ussd_last_input_only) {
		if (d->ussd == NULL && (d->ussd = ussd_memory_new(
		    d->cfg->ussd_session_seconds)) == NULL) {
			http_answer(call, 503, "text/plain", "no memory\n");
			return;
		}
		if (ussd_memory_path(d->ussd, rq.session_id, rq.text, env.now, path,
		    sizeof(path)) == -1) {
			http_answer(call, 200, "text/plain",
			    "END Terlalu banyak masukan. Silakan ulangi.");
			return;
		}
		rq.text = path;
	}
	res = ussd_hop_start(&env, &rq, &a, &cmd);
	sodium_memzero(path, sizeof(path));
	if (cmd == NULL) {
		hop_answer(call, &rq, res, &a);
		if (res == USSD_OK && a.end)
			sender_kick(d);
	} else if (batch_add(d, call, cmd) == -1) {
		ussd_command_free(cmd);
		hop_answer(call, &rq, USSD_ERROR, &a);
	}
}

static void
serve_ussd_end(struct http_call *call)
{
	struct daemon *d = call->d;
	struct handlers_env env = d->env;
	const char *session = evhttp_find_header(call->form, "sessionId");

	if (session == NULL) {
		http_answer(call, 400, "text/plain", "sessionId is required\n");
		return;
	}
	env.now = clock_now();
	if (ussd_end(&env, session, evhttp_find_header(call->form, "phoneNumber"),
	    evhttp_find_header(call->form, "status"),
	    evhttp_find_header(call->form, "input")) == USSD_ERROR) {
		http_answer(call, 503, "text/plain", "not stored\n");
		return;
	}
	http_answer(call, 200, "text/plain", "OK");
}

const struct http_route http_route_ussd = {
	"/ussd", EVHTTP_REQ_POST | EVHTTP_REQ_GET, serve_ussd
};
const struct http_route http_route_ussd_end = {
	"/ussd/end", EVHTTP_REQ_POST | EVHTTP_REQ_GET, serve_ussd_end
};
