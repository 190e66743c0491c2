/*
 * A USSD subscriber over real HTTP, as an aggregator would call kopdesd
 * (notes/ussd.md): the test double of the integration tests and the
 * benchmark.  Every answer is checked: status 200, text/plain, CON or END,
 * at most 160 GSM-7 characters after the prefix.
 *
 *   ussdsub play URL PHONE [--session ID] [--first TEXT] [--replay]
 *                [--last-input-only] [--notify URL] INPUT...
 *   ussdsub parallel URL N PHONE [--each-phone] [--think MS]
 *                [--replay-together] [--print-all] INPUT...
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
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
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

/*
 * parallel: N sessions at once on plain sockets and poll(), so that what
 * is timed is the server and not this client.  A request is timed from
 * just before its write(), its answer from the moment poll() said it was
 * there: the time spent here on other sessions' answers counts for none.
 */
struct pconn {
	int			 fd;		/* -1: not connected */
	int			 waiting;	/* a request is out */
	double			 sent_at;
	size_t			 have;
	char			 buf[BODY_MAX + 1024];
};

struct psub {
	char			 phone[32];
	char			 session[64];
	char			 path[1024];
	char			**inputs;	/* this session's, {i} replaced */
	int			 ninputs;
	int			 next;		/* inputs sent so far */
	struct pconn		 c[2];		/* c[1]: the final hop's twin */
	int			 pending;	/* answers awaited this hop */
	int			 final;		/* this hop sends the last input */
	double			 due;		/* send when the pause ends; 0 none */
	unsigned		 rng;
	char			 last[BODY_MAX];
	char			 twin[BODY_MAX];	/* the first of two answers */
	int			 done, failed, ended;
};

struct pset {
	struct addrinfo		*ai;
	const char		*host;
	const char		*uri;
	int			 think_ms;
	int			 together;
	double			*lat, *lat_final;
	int			 nlat, nfinal, running;
};

/* Session i's number: PHONE with i added to its trailing digits. */
static void
phone_plus(const char *phone, int i, char *out, size_t len)
{
	size_t n = strlen(phone), d = n;
	unsigned long long v;

	while (d > 0 && phone[d - 1] >= '0' && phone[d - 1] <= '9')
		d--;
	if (n - d == 0 || n - d > 18) {
		snprintf(out, len, "%s", phone);
		return;
	}
	v = strtoull(phone + d, NULL, 10) + (unsigned long long)i;
	snprintf(out, len, "%.*s%0*llu", (int)d, phone, (int)(n - d), v);
}

/* The input with every {i} as the session's number, from 1. */
static char *
input_for(const char *in, int i)
{
	char *out = malloc(strlen(in) + 16 * 8 + 1), num[16];
	const char *s;
	size_t o = 0;

	if (out == NULL)
		return NULL;
	snprintf(num, sizeof(num), "%d", i + 1);
	for (s = in; *s != '\0';) {
		if (strncmp(s, "{i}", 3) == 0 && o + strlen(num) < 16 * 8) {
			memcpy(out + o, num, strlen(num));
			o += strlen(num);
			s += 3;
		} else
			out[o++] = *s++;
	}
	out[o] = '\0';
	return out;
}

static int
pconn_open(struct pset *p, struct pconn *c)
{
	int fd;

	if ((fd = socket(p->ai->ai_family, SOCK_STREAM, 0)) == -1)
		return -1;
	if (connect(fd, p->ai->ai_addr, p->ai->ai_addrlen) == -1) {
		close(fd);
		return -1;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	c->fd = fd;
	c->have = 0;
	c->waiting = 0;
	return 0;
}

static void
pconn_close(struct pconn *c)
{
	if (c->fd != -1)
		close(c->fd);
	c->fd = -1;
	c->waiting = 0;
}

static int
pconn_send(struct pset *p, struct psub *s, struct pconn *c)
{
	struct evbuffer *form = evbuffer_new();
	char head[2048];
	size_t n, off = 0;
	ssize_t w;
	int hl;

	if (form == NULL || (c->fd == -1 && pconn_open(p, c) == -1)) {
		evbuffer_free(form);
		return -1;
	}
	form_add(form, "sessionId", s->session);
	form_add(form, "serviceCode", "*384*1234#");
	form_add(form, "phoneNumber", s->phone);
	form_add(form, "networkCode", "51010");
	form_add(form, "text", s->path);
	n = evbuffer_get_length(form);
	hl = snprintf(head, sizeof(head), "POST %s HTTP/1.1\r\nHost: %s\r\n"
	    "Content-Type: application/x-www-form-urlencoded\r\n"
	    "Content-Length: %zu\r\n\r\n", p->uri, p->host, n);
	if (hl < 0 || (size_t)hl + n >= sizeof(head)) {
		evbuffer_free(form);
		return -1;
	}
	evbuffer_remove(form, head + hl, n);
	evbuffer_free(form);
	n += (size_t)hl;
	c->have = 0;
	c->waiting = 1;
	c->sent_at = now_ms();
	while (off < n) {
		if ((w = write(c->fd, head + off, n - off)) <= 0)
			return -1;
		off += (size_t)w;
	}
	return 0;
}

static unsigned
prng(unsigned *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

static void
psub_finish(struct pset *p, struct psub *s, int failed)
{
	if (s->done)
		return;
	s->done = 1;
	s->failed |= failed;
	p->running--;
}

/* The hop that sends inputs[next - 1] (or the dial, at 0), now or after a pause. */
static void
psub_hop(struct pset *p, struct psub *s, double now)
{
	if (p->think_ms > 0 && s->due == 0) {
		s->due = now + 0.001 + prng(&s->rng) % (unsigned)(p->think_ms * 1000) /
		    1000.0;
		return;
	}
	s->due = 0;
	s->final = s->next == s->ninputs && s->ninputs > 0;
	s->pending = 1;
	if (pconn_send(p, s, &s->c[0]) == -1) {
		fprintf(stderr, "ussdsub: %s: cannot send\n", s->session);
		psub_finish(p, s, 1);
		return;
	}
	if (s->final && p->together) {
		s->pending = 2;
		if (pconn_send(p, s, &s->c[1]) == -1) {
			fprintf(stderr, "ussdsub: %s: cannot send the twin\n",
			    s->session);
			psub_finish(p, s, 1);
		}
	}
}

/* 1: a whole answer is in c->buf, its body in body; 0: not yet; -1: bad. */
static int
answer_parse(struct pconn *c, int *status, char *ctype, size_t ctlen,
    char *body, size_t blen)
{
	char *end, *line, *next;
	long clen = -1;
	size_t hl;

	c->buf[c->have] = '\0';
	if ((end = strstr(c->buf, "\r\n\r\n")) == NULL)
		return c->have + 1 >= sizeof(c->buf) ? -1 : 0;
	hl = (size_t)(end - c->buf) + 4;
	*status = 0;
	ctype[0] = '\0';
	if (sscanf(c->buf, "HTTP/1.%*d %d", status) != 1)
		return -1;
	for (line = strstr(c->buf, "\r\n") + 2; line < end; line = next + 2) {
		next = strstr(line, "\r\n");
		if (strncasecmp(line, "Content-Length:", 15) == 0)
			clen = strtol(line + 15, NULL, 10);
		else if (strncasecmp(line, "Content-Type:", 13) == 0)
			snprintf(ctype, ctlen, "%.*s", (int)(next - line - 14),
			    line + 14);
	}
	if (clen < 0 || (size_t)clen >= blen)
		return -1;
	if (c->have < hl + (size_t)clen)
		return 0;
	memcpy(body, c->buf + hl, (size_t)clen);
	body[clen] = '\0';
	c->have = 0;
	c->waiting = 0;
	return 1;
}

static void
psub_answered(struct pset *p, struct psub *s, const char *body, double now)
{
	char why[128];

	if (screen_check(body, why, sizeof(why)) == -1) {
		fprintf(stderr, "ussdsub: %s: %s: [%s]\n", s->session, why, body);
		psub_finish(p, s, 1);
		return;
	}
	if (--s->pending > 0) {
		snprintf(s->twin, sizeof(s->twin), "%s", body);
		return;
	}
	if (p->together && s->final && strcmp(body, s->twin) != 0) {
		fprintf(stderr, "ussdsub: %s: twin final hops answered [%s] and"
		    " [%s]\n", s->session, s->twin, body);
		psub_finish(p, s, 1);
		return;
	}
	snprintf(s->last, sizeof(s->last), "%s", body);
	s->ended = strncmp(body, "END ", 4) == 0;
	if (s->ended || s->next == s->ninputs) {
		if (s->ended && s->next < s->ninputs) {
			fprintf(stderr, "ussdsub: %s: END with %d inputs left\n",
			    s->session, s->ninputs - s->next);
			psub_finish(p, s, 1);
		} else
			psub_finish(p, s, 0);
		return;
	}
	snprintf(s->path + strlen(s->path), sizeof(s->path) - strlen(s->path),
	    "%s%s", s->next > 0 ? "*" : "", s->inputs[s->next]);
	s->next++;
	psub_hop(p, s, now);
}

static void
pconn_readable(struct pset *p, struct psub *s, struct pconn *c, double now)
{
	char body[BODY_MAX], ctype[64];
	ssize_t r;
	int status, rc;

	r = read(c->fd, c->buf + c->have, sizeof(c->buf) - 1 - c->have);
	if (r <= 0) {
		if (r < 0 && errno == EAGAIN)
			return;
		/* Closed while idle (the server's keep-alive timeout): reopened on use. */
		if (!c->waiting) {
			pconn_close(c);
			return;
		}
		fprintf(stderr, "ussdsub: %s: connection closed before the"
		    " answer\n", s->session);
		pconn_close(c);
		psub_finish(p, s, 1);
		return;
	}
	c->have += (size_t)r;
	if (!c->waiting)
		return;
	if ((rc = answer_parse(c, &status, ctype, sizeof(ctype), body,
	    sizeof(body))) == 0)
		return;
	p->lat[p->nlat++] = now - c->sent_at;
	if (s->final)
		p->lat_final[p->nfinal++] = now - c->sent_at;
	if (rc == -1 || status != 200) {
		fprintf(stderr, "ussdsub: %s: status %d\n", s->session, status);
		psub_finish(p, s, 1);
	} else if (strncmp(ctype, "text/plain", 10) != 0) {
		fprintf(stderr, "ussdsub: %s: Content-Type %s\n", s->session,
		    ctype[0] ? ctype : "none");
		psub_finish(p, s, 1);
	} else
		psub_answered(p, s, body, now);
}

static void
percentiles(const char *what, double *v, int n)
{
	qsort(v, (size_t)n, sizeof(double), cmp_double);
	fprintf(stderr, "%d %s: p50 %.2f ms, p99 %.2f ms, max %.2f ms", n, what,
	    v[n / 2], v[(n * 99) / 100], v[n - 1]);
}

static int
cmd_parallel(int argc, char **argv)
{
	struct target t;
	struct pset p;
	struct psub *subs;
	struct pollfd *pfd;
	struct psub **owner;
	struct addrinfo hints;
	char port[16], **inputs;
	int n, i, k, nin = 0, each = 0, all = 0, ended = 0, failed = 0, npfd;
	double now, deadline;

	if (argc < 3 || (n = atoi(argv[1])) <= 0 || n > SUBS_MAX)
		return 2;
	memset(&t, 0, sizeof(t));
	memset(&p, 0, sizeof(p));
	if (target_parse(&t, argv[0]) == -1)
		return 2;
	inputs = calloc((size_t)argc, sizeof(char *));
	for (i = 3; i < argc; i++) {
		if (strcmp(argv[i], "--each-phone") == 0)
			each = 1;
		else if (strcmp(argv[i], "--think") == 0 && i + 1 < argc)
			p.think_ms = atoi(argv[++i]);
		else if (strcmp(argv[i], "--replay-together") == 0)
			p.together = 1;
		else if (strcmp(argv[i], "--print-all") == 0)
			all = 1;
		else
			inputs[nin++] = argv[i];
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	snprintf(port, sizeof(port), "%d", t.port);
	if (getaddrinfo(t.host, port, &hints, &p.ai) != 0)
		return 1;
	p.host = t.host;
	p.uri = t.uri;
	subs = calloc((size_t)n, sizeof(*subs));
	p.lat = calloc((size_t)n * (size_t)(nin + 1) * 2, sizeof(double));
	p.lat_final = calloc((size_t)n * 2, sizeof(double));
	pfd = calloc((size_t)n * 2, sizeof(*pfd));
	owner = calloc((size_t)n * 2, sizeof(*owner));
	p.running = n;
	now = now_ms();
	for (i = 0; i < n; i++) {
		struct psub *s = &subs[i];

		s->c[0].fd = s->c[1].fd = -1;
		s->rng = 2463534242u + (unsigned)i * 2654435761u;
		phone_plus(argv[2], each ? i : 0, s->phone, sizeof(s->phone));
		random_session(s->session, sizeof(s->session), i);
		s->inputs = calloc((size_t)nin + 1, sizeof(char *));
		for (k = 0; k < nin; k++)
			s->inputs[k] = input_for(inputs[k], i);
		s->ninputs = nin;
		if (pconn_open(&p, &s->c[0]) == -1 ||
		    (p.together && pconn_open(&p, &s->c[1]) == -1)) {
			fprintf(stderr, "ussdsub: connect: %s\n", strerror(errno));
			return 1;
		}
	}
	for (i = 0; i < n; i++)
		psub_hop(&p, &subs[i], now);
	deadline = now + 30000;
	while (p.running > 0) {
		double wake = deadline;
		int ms;

		npfd = 0;
		for (i = 0; i < n; i++) {
			if (subs[i].done)
				continue;
			if (subs[i].due > 0 && subs[i].due < wake)
				wake = subs[i].due;
			for (k = 0; k < 2; k++)
				if (subs[i].c[k].fd != -1) {
					pfd[npfd].fd = subs[i].c[k].fd;
					pfd[npfd].events = POLLIN;
					owner[npfd++] = &subs[i];
				}
		}
		ms = (int)(wake - now_ms() + 0.999);
		if (poll(pfd, (nfds_t)npfd, ms < 0 ? 0 : ms) == -1 && errno != EINTR)
			break;
		now = now_ms();
		if (now >= deadline) {
			fprintf(stderr, "ussdsub: %d sessions unanswered after 30 s\n",
			    p.running);
			break;
		}
		for (i = 0; i < npfd; i++) {
			struct psub *s = owner[i];

			if (!(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)) || s->done)
				continue;
			for (k = 0; k < 2; k++)
				if (s->c[k].fd == pfd[i].fd)
					pconn_readable(&p, s, &s->c[k], now);
		}
		for (i = 0; i < n; i++)
			if (!subs[i].done && subs[i].due > 0 && subs[i].due <= now)
				psub_hop(&p, &subs[i], now);
	}
	for (i = 0; i < n; i++) {
		ended += subs[i].ended;
		failed += subs[i].failed || !subs[i].done;
	}
	printf("%d sessions, %d ended, %d failed\n", n, ended, failed);
	if (p.nlat > 0) {
		percentiles("hops", p.lat, p.nlat);
		if (p.nfinal > 0) {
			fprintf(stderr, "; ");
			percentiles("final", p.lat_final, p.nfinal);
		}
		fprintf(stderr, "\n");
	}
	if (!failed) {
		if (all)
			for (i = 0; i < n; i++) {
				char *c;

				for (c = subs[i].last; *c != '\0'; c++)
					if (*c == '\n')
						*c = '|';
				printf("%s %s\n", subs[i].phone, subs[i].last);
			}
		else
			printf("%s\n", subs[0].last);
	}
	for (i = 0; i < n; i++) {
		pconn_close(&subs[i].c[0]);
		pconn_close(&subs[i].c[1]);
		for (k = 0; k < nin; k++)
			free(subs[i].inputs[k]);
		free(subs[i].inputs);
	}
	freeaddrinfo(p.ai);
	free(subs);
	free(p.lat);
	free(p.lat_final);
	free(pfd);
	free(owner);
	free(inputs);
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
