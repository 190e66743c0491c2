/*
 * POST /ussd and POST /ussd/end in the common aggregator form (sessionId,
 * serviceCode, phoneNumber, networkCode, text), answered text/plain with
 * CON or END.  A hop is answered within the request: the handlers take
 * milliseconds and the aggregator waits seconds at most.
 */
#include <stdio.h>
#include <string.h>

#include <event2/keyvalq_struct.h>

#include "gateway/daemon.h"
#include "gateway/http.h"
#include "gateway/ussd.h"

static void
serve_ussd(struct http_call *call)
{
	struct daemon *d = call->d;
	struct ussd_request rq;
	struct ussd_answer a;
	struct handlers_env env = d->env;
	char path[USSD_TEXT_MAX], body[USSD_SCREEN_MAX + 8];
	const char *text;

	memset(&rq, 0, sizeof(rq));
	rq.session_id = evhttp_find_header(call->form, "sessionId");
	rq.service_code = evhttp_find_header(call->form, "serviceCode");
	rq.phone = evhttp_find_header(call->form, "phoneNumber");
	rq.network = evhttp_find_header(call->form, "networkCode");
	text = evhttp_find_header(call->form, "text");
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
	if (ussd_hop(&env, &rq, &a) == USSD_ERROR) {
		log_warnx("ussd: hop failed; the subscriber was told");
		http_answer(call, 200, "text/plain",
		    "END Maaf, terjadi gangguan. Silakan coba lagi nanti.");
		return;
	}
	d->ussd_hops++;
	if (d->ussd != NULL)
		ussd_memory_answered(d->ussd, rq.session_id, a.end);
	snprintf(body, sizeof(body), "%s %s", a.end ? "END" : "CON", a.screen);
	http_answer(call, 200, "text/plain", body);
	/* Receipts and alerts to others the command queued. */
	if (a.end)
		sender_kick(d);
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
