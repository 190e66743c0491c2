/*
 * The HTTP listener, in the loop like everything that writes: USSD
 * aggregators call it.  Every request carries the shared secret; one
 * without it is refused before anything is read into the database.  Sizes
 * and times are bounded so one slow or greedy client holds a socket, never
 * the loop.  Requests are logged by method, path and status only: the
 * query and the body hold PINs and the secret.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>

#include <event2/buffer.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <sodium.h>

#include "gateway/daemon.h"
#include "gateway/http.h"

#define HTTP_URI_MAX		2048
#define HTTP_HEADERS_MAX	8192
#define HTTP_BODY_MAX		8192

static const struct http_route *routes[] = {
	&http_route_ussd,
	&http_route_ussd_end,
	&http_route_metrics,
	&http_route_kannel_mo,
	&http_route_kannel_dlr,
	NULL
};

static const char *
method_name(enum evhttp_cmd_type m)
{
	switch (m) {
	case EVHTTP_REQ_GET:
		return "GET";
	case EVHTTP_REQ_POST:
		return "POST";
	case EVHTTP_REQ_HEAD:
		return "HEAD";
	default:
		return "OTHER";
	}
}

void
http_answer(struct http_call *call, int code, const char *content_type,
    const char *body)
{
	struct evbuffer *buf = evbuffer_new();
	struct evhttp_connection *conn;
	const char *reason;
	char *peer = NULL;
	ev_uint16_t port = 0;

	switch (code) {
	case 200: reason = "OK"; break;
	case 400: reason = "Bad Request"; break;
	case 403: reason = "Forbidden"; break;
	case 404: reason = "Not Found"; break;
	case 405: reason = "Method Not Allowed"; break;
	case 414: reason = "URI Too Long"; break;
	case 503: reason = "Service Unavailable"; break;
	default: reason = "Internal Server Error"; break;
	}
	call->d->http_requests++;
	if (code == 403)
		call->d->http_refused++;
	conn = evhttp_request_get_connection(call->req);
	if (conn != NULL)
		evhttp_connection_get_peer(conn, &peer, &port);
	log_info("http: %s %s %d from %s", method_name(call->method),
	    call->path, code, peer ? peer : "?");
	if (buf == NULL) {
		evhttp_send_error(call->req, 500, NULL);
		return;
	}
	evbuffer_add(buf, body, strlen(body));
	evhttp_add_header(evhttp_request_get_output_headers(call->req),
	    "Content-Type", content_type);
	evhttp_send_reply(call->req, code, reason, buf);
	evbuffer_free(buf);
}

/* Length first (it is not the secret), then every byte in constant time. */
static int
secret_ok(const char *want, const char *got)
{
	size_t n = strlen(want);

	if (got == NULL || n == 0 || strlen(got) != n)
		return 0;
	return sodium_memcmp(want, got, n) == 0;
}

static void
fields_move(struct evkeyvalq *to, struct evkeyvalq *from)
{
	struct evkeyval *kv;

	while ((kv = TAILQ_FIRST(from)) != NULL) {
		TAILQ_REMOVE(from, kv, next);
		TAILQ_INSERT_TAIL(to, kv, next);
	}
}

/*
 * The body is a form (application/x-www-form-urlencoded), put before the
 * query's fields in form, so a body's field wins over the query's.  It is
 * parsed into a list of its own: evhttp_parse_query_str empties the list
 * it is given without freeing it.
 */
static int
read_body(struct evhttp_request *req, struct evkeyvalq *form)
{
	struct evbuffer *in = evhttp_request_get_input_buffer(req);
	size_t n = evbuffer_get_length(in);
	struct evkeyvalq fields;
	char *body;
	int rc;

	if (n == 0)
		return 0;
	if (n > HTTP_BODY_MAX || (body = malloc(n + 1)) == NULL)
		return -1;
	evbuffer_remove(in, body, n);
	body[n] = '\0';
	TAILQ_INIT(&fields);
	rc = evhttp_parse_query_str(body, &fields);
	sodium_memzero(body, n);
	free(body);
	if (rc == -1) {
		evhttp_clear_headers(&fields);
		return -1;
	}
	fields_move(&fields, form);
	fields_move(form, &fields);
	return 0;
}

static void
on_request(struct evhttp_request *req, void *arg)
{
	struct daemon *d = arg;
	struct http_call call;
	struct evkeyvalq form;
	const struct evhttp_uri *uri;
	const char *path, *query, *k;
	const char *raw = evhttp_request_get_uri(req);
	int i;

	memset(&call, 0, sizeof(call));
	call.d = d;
	call.req = req;
	call.method = evhttp_request_get_command(req);
	call.form = &form;
	snprintf(call.path, sizeof(call.path), "-");
	TAILQ_INIT(&form);
	if (raw == NULL || strlen(raw) > HTTP_URI_MAX) {
		http_answer(&call, 414, "text/plain", "URI too long\n");
		return;
	}
	uri = evhttp_request_get_evhttp_uri(req);
	path = uri != NULL ? evhttp_uri_get_path(uri) : NULL;
	query = uri != NULL ? evhttp_uri_get_query(uri) : NULL;
	if (path == NULL || path[0] == '\0')
		path = "/";
	snprintf(call.path, sizeof(call.path), "%s", path);
	if (query != NULL && evhttp_parse_query_str(query, &form) == -1) {
		http_answer(&call, 400, "text/plain", "bad query\n");
		goto out;
	}
	k = evhttp_find_header(evhttp_request_get_input_headers(req),
	    "X-Kopdes-Secret");
	if (k == NULL)
		k = evhttp_find_header(&form, "k");
	if (!secret_ok(d->cfg->http_secret, k)) {
		http_answer(&call, 403, "text/plain", "forbidden\n");
		goto out;
	}
	if (read_body(req, &form) == -1) {
		http_answer(&call, 400, "text/plain", "bad form\n");
		goto out;
	}
	for (i = 0; routes[i] != NULL; i++)
		if (strcmp(routes[i]->path, path) == 0)
			break;
	if (routes[i] == NULL)
		http_answer(&call, 404, "text/plain", "not found\n");
	else if (!(routes[i]->methods & call.method))
		http_answer(&call, 405, "text/plain", "method not allowed\n");
	else
		routes[i]->serve(&call);
out:
	evhttp_clear_headers(&form);
}

int
http_start(struct daemon *d)
{
	const struct config *cfg = d->cfg;

	if (cfg->http_secret[0] == '\0') {
		log_info("http: no secret set; the listener (USSD) is off");
		return 0;
	}
	if ((d->http = evhttp_new(d->base)) == NULL)
		return -1;
	evhttp_set_max_headers_size(d->http, HTTP_HEADERS_MAX);
	evhttp_set_max_body_size(d->http, HTTP_BODY_MAX);
	evhttp_set_timeout(d->http, cfg->http_timeout_seconds);
	evhttp_set_allowed_methods(d->http, EVHTTP_REQ_GET | EVHTTP_REQ_POST |
	    EVHTTP_REQ_HEAD);
	evhttp_set_gencb(d->http, on_request, d);
	if (evhttp_bind_socket(d->http, cfg->http_listen,
	    (ev_uint16_t)cfg->http_port) == -1) {
		log_warnx("http: cannot listen on %s port %d", cfg->http_listen,
		    cfg->http_port);
		evhttp_free(d->http);
		d->http = NULL;
		return -1;
	}
	log_info("http: listening on %s port %d", cfg->http_listen,
	    cfg->http_port);
	return 0;
}

void
http_stop(struct daemon *d)
{
	http_kannel_stop(d);
	http_ussd_stop(d);
	if (d->http != NULL) {
		evhttp_free(d->http);
		d->http = NULL;
	}
}
