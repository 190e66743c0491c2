/*
 * Kannel's sendsms as an SMS link (notes/kannel.md §4): one GET per SMS
 * over a few kept-alive connections, answered in the loop.  Kannel cuts
 * long texts silently and never switches to UCS-2 by itself, so both are
 * decided here; our outbox id rides in the dlr-url so the delivery report
 * finds its row.  "0:" and "3:" answers mean handed over; a 4xx is a
 * refusal no retry mends; anything else (refused connection, 503) is
 * retried with the modems' backoff, on another link when there is one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>

#include "gateway/daemon.h"
#include "modem/modem.h"

#define KANNEL_CONNS		8
#define KANNEL_DOWN_SECONDS	5	/* after a refused connection */
#define KANNEL_URL_MAX		8192
#define KANNEL_RESULTS_MAX	(2 * SEND_INFLIGHT_MAX)

struct kannel_req {
	struct kannel	*k;
	int64_t		 outbox_id;	/* 0: a free slot */
	int		 parts;
};

struct kannel {
	struct daemon			*d;
	struct evhttp_connection	*conn[KANNEL_CONNS];
	int				 next;
	int				 inflight;
	time_t				 second;	/* the rate's current second */
	int				 sent_this_second;
	time_t				 down_until;
	/* One slot per SMS in flight, so none is lost if the loop stops. */
	struct kannel_req		 reqs[SEND_INFLIGHT_MAX];
	struct event			*ev_tick;	/* kicks the sender next second */
	struct kannel_counts		 counts;
	/* Results wait here to be recorded many to a transaction. */
	struct modem_result		 results[KANNEL_RESULTS_MAX];
	size_t				 nresults;
	struct event			*ev_flush;
	char				 host[128];
	int				 port;
	char				 path[256];	/* path and query of sendsms_url */
};

/* Parts Kannel will cut the text into (7-bit 160/153, UCS-2 70/67). */
static int
parts_of(const char *text, int *ucs2)
{
	int units = sms_units(text), chars = 0;
	const unsigned char *s;

	*ucs2 = units < 0;
	if (!*ucs2)
		return units <= 160 ? 1 : (units + 152) / 153;
	for (s = (const unsigned char *)text; *s != '\0'; s++)
		chars += (*s & 0xc0) != 0x80 ? (*s >= 0xf0 ? 2 : 1) : 0;
	return chars <= 70 ? 1 : (chars + 66) / 67;
}

static const struct timeval flush_after = { 0, 10000 };

static void
flush(struct kannel *k)
{
	size_t n = k->nresults;

	k->nresults = 0;
	if (n > 0)
		sender_results(k->d, LINK_KANNEL(k->d), k->results, n);
}

static void
on_flush(evutil_socket_t fd, short ev, void *arg)
{
	struct kannel *k = arg;

	(void)fd;
	(void)ev;
	flush(k);
	if (!k->d->stopping)
		sender_kick(k->d);
}

/*
 * Recorded once the loop has taken every answer that is ready: a commit
 * per SMS would make the disk, not Kannel, the bottleneck.
 */
static void
report(struct kannel *k, int64_t id, int ok, int parts, int permanent,
    const char *error)
{
	struct modem_result *r;

	if (k->nresults == KANNEL_RESULTS_MAX)
		flush(k);
	r = &k->results[k->nresults++];
	memset(r, 0, sizeof(*r));
	r->id = id;
	r->ok = ok;
	r->parts = parts;
	r->permanent = permanent;
	snprintf(r->error, sizeof(r->error), "%s", error);
	/* Answers come one a loop pass: wait a moment for the others. */
	if (!evtimer_pending(k->ev_flush, NULL))
		evtimer_add(k->ev_flush, &flush_after);
}

static void
on_answer(struct evhttp_request *req, void *arg)
{
	struct kannel_req *kr = arg;
	struct kannel *k = kr->k;
	char body[64] = "", error[96];
	int code = req ? evhttp_request_get_response_code(req) : 0;
	size_t n;

	k->inflight--;
	if (req != NULL) {
		struct evbuffer *in = evhttp_request_get_input_buffer(req);

		n = evbuffer_get_length(in);
		if (n >= sizeof(body))
			n = sizeof(body) - 1;
		evbuffer_remove(in, body, n);
		body[n] = '\0';
		body[strcspn(body, "\r\n")] = '\0';
	}
	if (code >= 200 && code < 300 &&
	    (strncmp(body, "0:", 2) == 0 || strncmp(body, "3:", 2) == 0))
	{
		k->counts.sent++;
		report(k, kr->outbox_id, 1, kr->parts, 0, "");
	} else {
		k->counts.failed++;
		if (code == 0) {
			snprintf(error, sizeof(error), "no answer from %.40s:%d",
			    k->host, k->port);
			k->down_until = time(NULL) + KANNEL_DOWN_SECONDS;
		} else
			snprintf(error, sizeof(error), "%d %.60s", code, body);
		report(k, kr->outbox_id, 0, 0, code >= 400 && code < 500, error);
	}
	kr->outbox_id = 0;
}

static void
on_tick(evutil_socket_t fd, short ev, void *arg)
{
	struct kannel *k = arg;

	(void)fd;
	(void)ev;
	sender_kick(k->d);
}

void
kannel_counts(struct daemon *d, struct kannel_counts *c)
{
	memset(c, 0, sizeof(*c));
	if (d->kannel != NULL) {
		*c = d->kannel->counts;
		c->up = time(NULL) >= d->kannel->down_until;
	}
}

int
kannel_can_take(struct daemon *d)
{
	struct kannel *k = d->kannel;
	const struct kannel_conf *kc = &d->cfg->kannel;
	struct timeval next = { 1, 0 };
	time_t now = time(NULL);

	if (k == NULL || now < k->down_until || k->inflight >= SEND_INFLIGHT_MAX)
		return 0;
	if (now != k->second) {
		k->second = now;
		k->sent_this_second = 0;
	}
	if (kc->send_per_second > 0 && k->sent_this_second >= kc->send_per_second) {
		if (!evtimer_pending(k->ev_tick, NULL))
			evtimer_add(k->ev_tick, &next);
		return 0;
	}
	return 1;
}

static int
append_enc(char *url, size_t len, size_t *o, const char *key, const char *v)
{
	char *enc = evhttp_uriencode(v, -1, 0);
	int n;

	if (enc == NULL)
		return -1;
	n = snprintf(url + *o, len - *o, "&%s=%s", key, enc);
	free(enc);
	if (n < 0 || (size_t)n >= len - *o)
		return -1;
	*o += (size_t)n;
	return 0;
}

int
kannel_submit(struct daemon *d, int64_t outbox_id, const char *phone,
    const char *text)
{
	struct kannel *k = d->kannel;
	const struct kannel_conf *kc = &d->cfg->kannel;
	struct kannel_req *kr;
	struct evhttp_request *req;
	char *url, dlr[512], why[96];
	size_t o;
	int ucs2, parts, i;

	parts = parts_of(text, &ucs2);
	if (parts > kc->max_parts) {
		/* Kannel would send the first parts and drop the rest unsaid. */
		snprintf(why, sizeof(why), "%d parts, more than max_parts"
		    " %d", parts, kc->max_parts);
		report(k, outbox_id, 0, 0, 1, why);
		return 0;
	}
	for (kr = NULL, i = 0; i < SEND_INFLIGHT_MAX && kr == NULL; i++)
		if (k->reqs[i].outbox_id == 0)
			kr = &k->reqs[i];
	if (kr == NULL || (url = malloc(KANNEL_URL_MAX)) == NULL)
		return -1;
	o = (size_t)snprintf(url, KANNEL_URL_MAX, "%s%sdlr-mask=19", k->path,
	    strchr(k->path, '?') ? "&" : "?");
	snprintf(dlr, sizeof(dlr), "%s%sk=%s&id=%lld&type=%%d", kc->dlr_url,
	    strchr(kc->dlr_url, '?') ? "&" : "?", d->cfg->http_secret,
	    (long long)outbox_id);
	if (append_enc(url, KANNEL_URL_MAX, &o, "username", kc->username) == -1 ||
	    append_enc(url, KANNEL_URL_MAX, &o, "password", kc->password) == -1 ||
	    (kc->from[0] && append_enc(url, KANNEL_URL_MAX, &o, "from",
	    kc->from) == -1) ||
	    append_enc(url, KANNEL_URL_MAX, &o, "to", phone) == -1 ||
	    append_enc(url, KANNEL_URL_MAX, &o, "text", text) == -1 ||
	    (ucs2 && append_enc(url, KANNEL_URL_MAX, &o, "coding", "2") == -1) ||
	    (ucs2 && append_enc(url, KANNEL_URL_MAX, &o, "charset", "UTF-8") == -1) ||
	    (kc->dlr_url[0] && append_enc(url, KANNEL_URL_MAX, &o, "dlr-url",
	    dlr) == -1)) {
		free(url);
		return -1;
	}
	kr->k = k;
	kr->outbox_id = outbox_id;
	kr->parts = parts;
	if ((req = evhttp_request_new(on_answer, kr)) == NULL) {
		kr->outbox_id = 0;
		free(url);
		return -1;
	}
	evhttp_add_header(evhttp_request_get_output_headers(req), "Host", k->host);
	i = k->next++ % KANNEL_CONNS;
	if (evhttp_make_request(k->conn[i], req, EVHTTP_REQ_GET, url) == -1) {
		/* The request was freed by libevent. */
		kr->outbox_id = 0;
		free(url);
		return -1;
	}
	free(url);
	k->inflight++;
	k->sent_this_second++;
	return 0;
}

int
kannel_start(struct daemon *d)
{
	const struct kannel_conf *kc = &d->cfg->kannel;
	struct evhttp_uri *u;
	const char *q;
	struct kannel *k;
	int i;

	if (!kc->enabled)
		return 0;
	if ((u = evhttp_uri_parse(kc->sendsms_url)) == NULL ||
	    evhttp_uri_get_host(u) == NULL) {
		log_warnx("kannel: cannot read sendsms_url %s", kc->sendsms_url);
		if (u != NULL)
			evhttp_uri_free(u);
		return -1;
	}
	if ((k = calloc(1, sizeof(*k))) == NULL) {
		evhttp_uri_free(u);
		return -1;
	}
	k->d = d;
	snprintf(k->host, sizeof(k->host), "%s", evhttp_uri_get_host(u));
	k->port = evhttp_uri_get_port(u) > 0 ? evhttp_uri_get_port(u) : 80;
	q = evhttp_uri_get_query(u);
	snprintf(k->path, sizeof(k->path), "%s%s%s", evhttp_uri_get_path(u)[0] ?
	    evhttp_uri_get_path(u) : "/", q ? "?" : "", q ? q : "");
	evhttp_uri_free(u);
	d->kannel = k;
	if ((k->ev_tick = evtimer_new(d->base, on_tick, k)) == NULL ||
	    (k->ev_flush = evtimer_new(d->base, on_flush, k)) == NULL)
		return -1;
	for (i = 0; i < KANNEL_CONNS; i++) {
		k->conn[i] = evhttp_connection_base_new(d->base, NULL, k->host,
		    (unsigned short)k->port);
		if (k->conn[i] == NULL)
			return -1;
		evhttp_connection_set_timeout(k->conn[i], 10);
		/* The loop's backoff retries, not libevent behind our back. */
		evhttp_connection_set_retries(k->conn[i], 0);
	}
	log_info("kannel: sending through %s:%d", k->host, k->port);
	return 0;
}

void
kannel_stop(struct daemon *d)
{
	struct kannel *k = d->kannel;
	int i;

	if (k == NULL)
		return;
	if (d->db.h != NULL)
		flush(k);
	for (i = 0; i < KANNEL_CONNS; i++)
		if (k->conn[i] != NULL)
			evhttp_connection_free(k->conn[i]);
	if (k->ev_tick != NULL)
		event_free(k->ev_tick);
	if (k->ev_flush != NULL)
		event_free(k->ev_flush);
	free(k);
	d->kannel = NULL;
}
