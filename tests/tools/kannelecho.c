/*
 * The trivial endpoint kopdesd is measured against behind the same
 * Kannel: every GET or POST is answered at once with 200 and a short
 * reply in the body ("OK " and the text parameter), which smsbox sends
 * back to the handset itself (the synchronous reply path).  Nothing is
 * stored, nothing is sent through sendsms.  Prints the number of requests
 * answered when it gets SIGTERM.
 *
 *   kannelecho PORT
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/queue.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>

static unsigned long answered;

static void
on_request(struct evhttp_request *req, void *arg)
{
	struct evkeyvalq q;
	struct evbuffer *out = evhttp_request_get_output_buffer(req);
	const char *query, *text;

	(void)arg;
	TAILQ_INIT(&q);
	query = evhttp_uri_get_query(evhttp_request_get_evhttp_uri(req));
	evhttp_parse_query_str(query != NULL ? query : "", &q);
	text = evhttp_find_header(&q, "text");
	evbuffer_add_printf(out, "OK %s", text != NULL ? text : "");
	evhttp_clear_headers(&q);
	evhttp_add_header(evhttp_request_get_output_headers(req),
	    "Content-Type", "text/plain; charset=utf-8");
	evhttp_send_reply(req, 200, "OK", NULL);
	answered++;
}

static void
on_term(evutil_socket_t fd, short ev, void *arg)
{
	(void)fd;
	(void)ev;
	event_base_loopbreak(arg);
}

int
main(int argc, char **argv)
{
	struct event_base *base;
	struct evhttp *http;
	struct event *term;
	int port;

	if (argc != 2 || (port = atoi(argv[1])) <= 0 || port > 65535) {
		fprintf(stderr, "usage: kannelecho PORT\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	if ((base = event_base_new()) == NULL ||
	    (http = evhttp_new(base)) == NULL ||
	    evhttp_bind_socket(http, "127.0.0.1", (ev_uint16_t)port) == -1 ||
	    (term = evsignal_new(base, SIGTERM, on_term, base)) == NULL ||
	    event_add(term, NULL) == -1) {
		fprintf(stderr, "kannelecho: cannot listen on port %d\n", port);
		return 1;
	}
	evhttp_set_gencb(http, on_request, NULL);
	event_base_dispatch(base);
	printf("answered %lu\n", answered);
	evhttp_free(http);
	event_free(term);
	event_base_free(base);
	return 0;
}
