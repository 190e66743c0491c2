/*
 * A USSD subscriber over real HTTP, as an aggregator would call kopdesd
 * (notes/ussd.md): the test double of the integration tests and the
 * benchmark.  Every answer is checked: status 200, text/plain, CON or END,
 * at most 160 GSM-7 characters after the prefix.
 *
 *   ussdsub play URL PHONE [--session ID] [--first TEXT] [--replay]
 *                [--last-input-only] [--notify URL] INPUT...
 *   ussdsub parallel URL N PHONE INPUT...
 *   ussdsub req URL [--method GET|POST] [--header 'K: V'] [--data BODY]
 *                [--body-size N]
 *   ussdsub slow URL PHONE
 *
 * play prints a transcript ("> input", then the answer); parallel plays N
 * sessions at once and prints how many ended and the hop latencies; req
 * prints the status and the body; slow holds a half-sent request open and
 * checks that others are answered meanwhile and that it is dropped.
 */
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#define BODY_MAX	4096
#define SUBS_MAX	1000

struct target {
	struct event_base	*base;
	char			 host[128];
	int			 port;
	char			 uri[1024];	/* path and query */
};

struct sub {
	struct target		*t;
	struct evhttp_connection *conn;
	char			 session[64];
	const char		*phone;
	char			 path[1024];
	char			**inputs;
	int			 ninputs;
	int			 next;		/* inputs sent so far */
	int			 hops;
	int			 last_only;
	int			 want_replay;
	int			 replay;	/* 1: replaying, 2: replayed */
	const char		*first;
	FILE			*out;
	char			 last[BODY_MAX];
	char			 last_sent[1024];
	int			 done, failed, ended;
	double			 sent_at;
	double			*lat;
	int			*nlat;
	int			*running;
};

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int
target_parse(struct target *t, const char *url)
{
	struct evhttp_uri *u = evhttp_uri_parse(url);
	const char *q;

	if (u == NULL || evhttp_uri_get_host(u) == NULL) {
		fprintf(stderr, "ussdsub: bad URL %s\n", url);
		return -1;
	}
	snprintf(t->host, sizeof(t->host), "%s", evhttp_uri_get_host(u));
	t->port = evhttp_uri_get_port(u) > 0 ? evhttp_uri_get_port(u) : 80;
	q = evhttp_uri_get_query(u);
	snprintf(t->uri, sizeof(t->uri), "%s%s%s",
	    evhttp_uri_get_path(u)[0] ? evhttp_uri_get_path(u) : "/",
	    q ? "?" : "", q ? q : "");
	evhttp_uri_free(u);
	return 0;
}

static void
form_add(struct evbuffer *b, const char *k, const char *v)
{
	char *enc = evhttp_uriencode(v, -1, 1);

	evbuffer_add_printf(b, "%s%s=%s", evbuffer_get_length(b) ? "&" : "", k,
	    enc ? enc : "");
	free(enc);
}

/* 0 when body is a screen a handset shows whole. */
static int
screen_check(const char *body, char *why, size_t len)
{
	const char *s;
	int units = 0;

	if (strncmp(body, "CON ", 4) != 0 && strncmp(body, "END ", 4) != 0) {
		snprintf(why, len, "answer does not start with CON or END");
		return -1;
	}
	for (s = body + 4; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x80 || c == '`' || (c < 0x20 && c != '\n')) {
			snprintf(why, len, "character 0x%02x is not plain GSM-7", c);
			return -1;
		}
		units += strchr("^{}\\[~]|", c) != NULL ? 2 : 1;
	}
	if (units > 160) {
		snprintf(why, len, "screen is %d GSM-7 characters (> 160)", units);
		return -1;
	}
	return 0;
}

static void sub_send(struct sub *, const char *text);

static void
sub_finish(struct sub *s, int failed)
{
	s->done = 1;
	s->failed |= failed;
	if (--*s->running == 0)
		event_base_loopbreak(s->t->base);
}

static void
on_answer(struct evhttp_request *req, void *arg)
{
	struct sub *s = arg;
	struct evbuffer *in;
	const char *ct;
	char body[BODY_MAX], why[128];
	size_t n;

	if (s->lat != NULL)
		s->lat[(*s->nlat)++] = now_ms() - s->sent_at;
	if (req == NULL || evhttp_request_get_response_code(req) != 200) {
		fprintf(stderr, "ussdsub: %s: hop %d: status %d\n", s->session,
		    s->hops, req ? evhttp_request_get_response_code(req) : 0);
		sub_finish(s, 1);
		return;
	}
	in = evhttp_request_get_input_buffer(req);
	n = evbuffer_get_length(in);
	if (n >= sizeof(body))
		n = sizeof(body) - 1;
	evbuffer_remove(in, body, n);
	body[n] = '\0';
	ct = evhttp_find_header(evhttp_request_get_input_headers(req),
	    "Content-Type");
	if (ct == NULL || strncmp(ct, "text/plain", 10) != 0) {
		fprintf(stderr, "ussdsub: %s: Content-Type %s\n", s->session,
		    ct ? ct : "none");
		sub_finish(s, 1);
		return;
	}
	if (screen_check(body, why, sizeof(why)) == -1) {
		fprintf(stderr, "ussdsub: %s: hop %d: %s: [%s]\n", s->session,
		    s->hops, why, body);
		sub_finish(s, 1);
		return;
	}
	if (s->replay == 1) {
		s->replay = 2;
		if (strcmp(body, s->last) != 0) {
			fprintf(stderr, "ussdsub: replayed hop answered [%s], first"
			    " [%s]\n", body, s->last);
			sub_finish(s, 1);
			return;
		}
		if (s->out)
			fprintf(s->out, "(replayed: same answer)\n");
		sub_finish(s, 0);
		return;
	}
	if (s->out)
		fprintf(s->out, "%s\n", body);
	snprintf(s->last, sizeof(s->last), "%s", body);
	s->ended = strncmp(body, "END ", 4) == 0;
	if (s->ended || s->next == s->ninputs) {
		if (s->ended && s->next < s->ninputs) {
			fprintf(stderr, "ussdsub: %s: END with %d inputs left\n",
			    s->session, s->ninputs - s->next);
			sub_finish(s, 1);
		} else if (s->want_replay && s->replay == 0) {
			char again[sizeof(s->last_sent)];

			s->replay = 1;
			memcpy(again, s->last_sent, sizeof(again));
			sub_send(s, again);
		} else
			sub_finish(s, 0);
		return;
	}
	/* The next input, as the whole path or, for some aggregators, alone. */
	if (s->hops == 1 && s->path[0] == '\0')
		snprintf(s->path, sizeof(s->path), "%s", s->inputs[s->next]);
	else
		snprintf(s->path + strlen(s->path), sizeof(s->path) - strlen(s->path),
		    "*%s", s->inputs[s->next]);
	if (s->out)
		fprintf(s->out, "> %s\n", s->inputs[s->next]);
	sub_send(s, s->last_only ? s->inputs[s->next] : s->path);
	s->next++;
}

static void
sub_send(struct sub *s, const char *text)
{
	struct evhttp_request *req = evhttp_request_new(on_answer, s);
	struct evbuffer *b = evhttp_request_get_output_buffer(req);
	struct evkeyvalq *h = evhttp_request_get_output_headers(req);

	snprintf(s->last_sent, sizeof(s->last_sent), "%s", text);
	form_add(b, "sessionId", s->session);
	form_add(b, "serviceCode", "*384*1234#");
	form_add(b, "phoneNumber", s->phone);
	form_add(b, "networkCode", "51010");
	form_add(b, "text", text);
	evhttp_add_header(h, "Host", s->t->host);
	evhttp_add_header(h, "Content-Type", "application/x-www-form-urlencoded");
	s->hops++;
	s->sent_at = now_ms();
	if (evhttp_make_request(s->conn, req, EVHTTP_REQ_POST, s->t->uri) == -1) {
		fprintf(stderr, "ussdsub: cannot send\n");
		sub_finish(s, 1);
	}
}

static void
sub_start(struct sub *s)
{
	const char *first = s->first ? s->first : "";

	s->conn = evhttp_connection_base_new(s->t->base, NULL, s->t->host,
	    (unsigned short)s->t->port);
	evhttp_connection_set_timeout(s->conn, 10);
	snprintf(s->path, sizeof(s->path), "%s", first);
	if (s->out)
		fprintf(s->out, "> %s\n", first[0] ? first : "*384*1234#");
	sub_send(s, first);
}

static void
random_session(char *buf, size_t len, int i)
{
	snprintf(buf, len, "ATUid_%lx%04x%d", (unsigned long)time(NULL),
	    (unsigned)getpid() & 0xffff, i);
}

struct plain {
	struct event_base	*base;
	int			 status;
	char			 body[BODY_MAX];
};

static void
on_plain(struct evhttp_request *req, void *arg)
{
	struct plain *p = arg;
	struct evbuffer *in;
	size_t n;

	p->status = req ? evhttp_request_get_response_code(req) : 0;
	if (req != NULL) {
		in = evhttp_request_get_input_buffer(req);
		n = evbuffer_get_length(in);
		if (n >= sizeof(p->body))
			n = sizeof(p->body) - 1;
		evbuffer_remove(in, p->body, n);
		p->body[n] = '\0';
	}
	event_base_loopbreak(p->base);
}

/* POSTs a form body to url on base; returns the status (0: no answer). */
static int
post_form(struct event_base *base, const char *url, struct evbuffer *form)
{
	struct target t;
	struct plain p;
	struct evhttp_connection *c;
	struct evhttp_request *req;

	memset(&t, 0, sizeof(t));
	memset(&p, 0, sizeof(p));
	if (target_parse(&t, url) == -1)
		return 0;
	p.base = base;
	c = evhttp_connection_base_new(base, NULL, t.host, (unsigned short)t.port);
	req = evhttp_request_new(on_plain, &p);
	evhttp_add_header(evhttp_request_get_output_headers(req), "Host", t.host);
	evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type",
	    "application/x-www-form-urlencoded");
	evbuffer_add_buffer(evhttp_request_get_output_buffer(req), form);
	evhttp_make_request(c, req, EVHTTP_REQ_POST, t.uri);
	event_base_dispatch(base);
	evhttp_connection_free(c);
	return p.status;
}

static int
cmd_play(int argc, char **argv)
{
	struct target t;
	struct sub s;
	const char *notify = NULL;
	int running = 1, i, rc;

	if (argc < 2)
		return 2;
	memset(&t, 0, sizeof(t));
	memset(&s, 0, sizeof(s));
	if (target_parse(&t, argv[0]) == -1)
		return 2;
	t.base = event_base_new();
	s.t = &t;
	s.phone = argv[1];
	s.out = stdout;
	s.running = &running;
	random_session(s.session, sizeof(s.session), 0);
	s.inputs = calloc((size_t)argc, sizeof(char *));
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--session") == 0 && i + 1 < argc)
			snprintf(s.session, sizeof(s.session), "%s", argv[++i]);
		else if (strcmp(argv[i], "--first") == 0 && i + 1 < argc)
			s.first = argv[++i];
		else if (strcmp(argv[i], "--replay") == 0)
			s.want_replay = 1;
		else if (strcmp(argv[i], "--last-input-only") == 0)
			s.last_only = 1;
		else if (strcmp(argv[i], "--notify") == 0 && i + 1 < argc)
			notify = argv[++i];
		else
			s.inputs[s.ninputs++] = argv[i];
	}
	sub_start(&s);
	event_base_dispatch(t.base);
	rc = s.failed ? 1 : 0;
	if (rc == 0 && notify != NULL) {
		struct evbuffer *b = evbuffer_new();
		char hops[16];
		int status;

		snprintf(hops, sizeof(hops), "%d", s.hops);
		form_add(b, "sessionId", s.session);
		form_add(b, "phoneNumber", s.phone);
		form_add(b, "serviceCode", "*384*1234#");
		form_add(b, "networkCode", "51010");
		form_add(b, "status", s.ended ? "Success" : "Incomplete");
		form_add(b, "hopsCount", hops);
		form_add(b, "input", s.path);
		form_add(b, "lastAppResponse", s.last);
		if ((status = post_form(t.base, notify, b)) != 200) {
			fprintf(stderr, "ussdsub: end notification: status %d\n",
			    status);
			rc = 1;
		}
		evbuffer_free(b);
	}
	evhttp_connection_free(s.conn);
	event_base_free(t.base);
	free(s.inputs);
	return rc;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int
cmd_parallel(int argc, char **argv)
{
	struct target t;
	struct sub *subs;
	double *lat;
	int n, i, running, nlat = 0, ended = 0, failed = 0;

	if (argc < 3 || (n = atoi(argv[1])) <= 0 || n > SUBS_MAX)
		return 2;
	memset(&t, 0, sizeof(t));
	if (target_parse(&t, argv[0]) == -1)
		return 2;
	t.base = event_base_new();
	subs = calloc((size_t)n, sizeof(*subs));
	lat = calloc((size_t)n * (size_t)(argc + 2), sizeof(double));
	running = n;
	for (i = 0; i < n; i++) {
		subs[i].t = &t;
		subs[i].phone = argv[2];
		subs[i].inputs = argv + 3;
		subs[i].ninputs = argc - 3;
		subs[i].running = &running;
		subs[i].lat = lat;
		subs[i].nlat = &nlat;
		random_session(subs[i].session, sizeof(subs[i].session), i);
		sub_start(&subs[i]);
	}
	event_base_dispatch(t.base);
	for (i = 0; i < n; i++) {
		ended += subs[i].ended;
		failed += subs[i].failed;
		evhttp_connection_free(subs[i].conn);
	}
	qsort(lat, (size_t)nlat, sizeof(double), cmp_double);
	printf("%d sessions, %d ended, %d failed\n", n, ended, failed);
	if (nlat > 0)
		fprintf(stderr, "%d hops: p50 %.2f ms, p99 %.2f ms\n", nlat,
		    lat[nlat / 2], lat[(nlat * 99) / 100]);
	if (n > 0 && !failed)
		printf("%s\n", subs[0].last);
	free(lat);
	free(subs);
	event_base_free(t.base);
	return failed ? 1 : 0;
}

static int
cmd_req(int argc, char **argv)
{
	struct target t;
	struct plain p;
	struct evhttp_connection *c;
	struct evhttp_request *req;
	enum evhttp_cmd_type m = EVHTTP_REQ_POST;
	char *big = NULL;
	int i;

	if (argc < 1)
		return 2;
	memset(&t, 0, sizeof(t));
	memset(&p, 0, sizeof(p));
	if (target_parse(&t, argv[0]) == -1)
		return 2;
	t.base = p.base = event_base_new();
	c = evhttp_connection_base_new(t.base, NULL, t.host, (unsigned short)t.port);
	evhttp_connection_set_timeout(c, 10);
	req = evhttp_request_new(on_plain, &p);
	evhttp_add_header(evhttp_request_get_output_headers(req), "Host", t.host);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--method") == 0 && i + 1 < argc)
			m = strcmp(argv[++i], "GET") == 0 ? EVHTTP_REQ_GET :
			    EVHTTP_REQ_POST;
		else if (strcmp(argv[i], "--header") == 0 && i + 1 < argc) {
			char k[128], *v;

			snprintf(k, sizeof(k), "%s", argv[++i]);
			if ((v = strchr(k, ':')) == NULL)
				return 2;
			*v++ = '\0';
			while (*v == ' ')
				v++;
			evhttp_add_header(evhttp_request_get_output_headers(req), k, v);
		} else if (strcmp(argv[i], "--data") == 0 && i + 1 < argc) {
			evbuffer_add(evhttp_request_get_output_buffer(req), argv[i + 1],
			    strlen(argv[i + 1]));
			i++;
		} else if (strcmp(argv[i], "--body-size") == 0 && i + 1 < argc) {
			size_t n = (size_t)atol(argv[++i]);

			big = malloc(n + 1);
			memset(big, 'a', n);
			memcpy(big, "text=", n < 5 ? n : 5);
			evbuffer_add(evhttp_request_get_output_buffer(req), big, n);
		} else
			return 2;
	}
	evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type",
	    "application/x-www-form-urlencoded");
	evhttp_make_request(c, req, m, t.uri);
	event_base_dispatch(t.base);
	printf("%d\n%s", p.status, p.body);
	evhttp_connection_free(c);
	event_base_free(t.base);
	free(big);
	return 0;
}

static int
cmd_slow(int argc, char **argv)
{
	struct target t;
	struct addrinfo hints, *ai;
	struct pollfd pfd;
	char port[16], buf[1400], *play[] = { NULL, NULL, NULL };
	double start, answered, dropped;
	ssize_t r;
	int fd, rc;

	if (argc != 2)
		return 2;
	memset(&t, 0, sizeof(t));
	if (target_parse(&t, argv[0]) == -1)
		return 2;
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	snprintf(port, sizeof(port), "%d", t.port);
	if (getaddrinfo(t.host, port, &hints, &ai) != 0)
		return 1;
	if ((fd = socket(ai->ai_family, SOCK_STREAM, 0)) == -1 ||
	    connect(fd, ai->ai_addr, ai->ai_addrlen) == -1) {
		fprintf(stderr, "ussdsub: connect: %s\n", strerror(errno));
		return 1;
	}
	freeaddrinfo(ai);
	/* Half a request, then silence. */
	snprintf(buf, sizeof(buf), "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Le",
	    t.uri, t.host);
	if (write(fd, buf, strlen(buf)) < 0)
		return 1;
	start = now_ms();
	play[0] = argv[0];
	play[1] = argv[1];
	if ((rc = cmd_play(2, play)) != 0) {
		fprintf(stderr, "ussdsub: others were not answered beside a slow"
		    " client\n");
		return 1;
	}
	answered = now_ms() - start;
	pfd.fd = fd;
	pfd.events = POLLIN;
	/* The server must close it; 60 s is far beyond any sane timeout. */
	rc = poll(&pfd, 1, 60000);
	r = rc == 1 ? read(fd, buf, sizeof(buf)) : -1;
	dropped = now_ms() - start;
	close(fd);
	if (rc != 1 || r < 0) {
		fprintf(stderr, "ussdsub: the slow client was not dropped\n");
		return 1;
	}
	fprintf(stderr, "slow client dropped after %.0f ms; another answered in"
	    " %.0f ms\n", dropped, answered);
	printf("dropped\n");
	return answered < 1000 ? 0 : 1;
}

int
main(int argc, char **argv)
{
	int rc = 2;

	/* A server refusing a body mid-send must not kill the subscriber. */
	signal(SIGPIPE, SIG_IGN);
	if (argc >= 2 && strcmp(argv[1], "play") == 0)
		rc = cmd_play(argc - 2, argv + 2);
	else if (argc >= 2 && strcmp(argv[1], "parallel") == 0)
		rc = cmd_parallel(argc - 2, argv + 2);
	else if (argc >= 2 && strcmp(argv[1], "req") == 0)
		rc = cmd_req(argc - 2, argv + 2);
	else if (argc >= 2 && strcmp(argv[1], "slow") == 0)
		rc = cmd_slow(argc - 2, argv + 2);
	if (rc == 2)
		fprintf(stderr, "usage: ussdsub play|parallel|req|slow URL ...\n");
	return rc;
}
