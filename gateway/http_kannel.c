/*
 * Kannel's calls into kopdesd (notes/kannel.md): an incoming SMS from
 * smsbox's sms-service, and delivery reports for what we sent.  An MO is
 * committed to the inbox before the 200, keyed on Kannel's message id
 * (%I, the same on every retry), so a retry is answered 200 again and
 * never handled twice.  The answer's body is empty: the reply is an
 * outbox row that leaves through sendsms like every other SMS.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>
#include <sodium.h>

#include "gateway/daemon.h"
#include "gateway/http.h"

#define KANNEL_DEDUPE_LEN	16
#define KANNEL_ID_MAX		128

static void
mo_key(const struct pin_key *key, const char *id, unsigned char *out)
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, key->k, sizeof(key->k), KANNEL_DEDUPE_LEN);
	crypto_generichash_update(&st, (const unsigned char *)"kannel", 7);
	crypto_generichash_update(&st, (const unsigned char *)id, strlen(id));
	crypto_generichash_final(&st, out, KANNEL_DEDUPE_LEN);
}

/*
 * MOs and delivery reports that arrive together are committed together:
 * smsbox sends many at once, and a durable commit each would make the
 * disk the bottleneck.  Each is answered only after its commit.
 */
struct mo_wait {
	struct evhttp_request	*req;
	enum evhttp_cmd_type	 method;
	const char		*dlr;		/* a report's state; NULL: an MO */
	int64_t			 dlr_outbox;
	struct inbox_msg	 m;
	unsigned char		 key[KANNEL_DEDUPE_LEN];
};

struct mo_batch {
	struct event		*ev;
	struct mo_wait		*w;
	size_t			 n, cap;
};

static int
mo_store(struct daemon *d, struct mo_wait *w, int *fresh)
{
	int64_t row;
	int rc;

	if (w->dlr != NULL) {
		if ((rc = outbox_set_dlr(&d->db, w->dlr_outbox, w->dlr,
		    clock_now())) == 0)
			log_warnx("kannel: delivery report for unknown outbox"
			    " %lld", (long long)w->dlr_outbox);
		return rc;
	}
	if ((rc = inbox_insert(&d->db, &w->m, w->key, sizeof(w->key),
	    &row)) == 1)
		(*fresh)++;
	return rc;
}

static void
mo_flush(evutil_socket_t fd, short ev, void *arg)
{
	struct daemon *d = arg;
	struct mo_batch *b = d->mo;
	struct http_call call;
	size_t i;
	int rc = 0, fresh = 0;

	(void)fd;
	(void)ev;
	if (db_begin(&d->db) == -1)
		rc = -1;
	for (i = 0; i < b->n && rc != -1; i++)
		rc = mo_store(d, &b->w[i], &fresh);
	if (rc == -1 || db_commit(&d->db) == -1) {
		db_rollback(&d->db);
		rc = -1;
	}
	for (i = 0; i < b->n; i++) {
		memset(&call, 0, sizeof(call));
		call.d = d;
		call.req = b->w[i].req;
		call.method = b->w[i].method;
		snprintf(call.path, sizeof(call.path), "%s", b->w[i].dlr ?
		    "/kannel/dlr" : "/kannel/mo");
		/* Kannel retries what it was not told 200. */
		if (rc == -1)
			http_answer(&call, 503, "text/plain", "not stored\n");
		else
			http_answer(&call, 200, "text/plain",
			    b->w[i].dlr ? "OK" : "");
		free(b->w[i].m.text);
	}
	b->n = 0;
	if (fresh > 0)
		event_active(d->ev_process, 0, 0);
}

static int
mo_batch_add(struct daemon *d, struct mo_wait *w)
{
	struct mo_batch *b = d->mo;

	if (b == NULL) {
		if ((b = calloc(1, sizeof(*b))) == NULL)
			return -1;
		if ((b->ev = event_new(d->base, -1, 0, mo_flush, d)) == NULL) {
			free(b);
			return -1;
		}
		d->mo = b;
	}
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		struct mo_wait *nw = realloc(b->w, cap * sizeof(*nw));

		if (nw == NULL)
			return -1;
		b->w = nw;
		b->cap = cap;
	}
	b->w[b->n++] = *w;
	event_active(b->ev, 0, 0);
	return 0;
}

void
http_kannel_stop(struct daemon *d)
{
	struct mo_batch *b = d->mo;
	size_t i;

	if (b == NULL)
		return;
	/* Not stored, not answered: Kannel sends them again. */
	for (i = 0; i < b->n; i++)
		free(b->w[i].m.text);
	event_free(b->ev);
	free(b->w);
	free(b);
	d->mo = NULL;
}

static void
serve_mo(struct http_call *call)
{
	struct daemon *d = call->d;
	struct mo_wait w;
	const char *from = evhttp_find_header(call->form, "from");
	const char *text = evhttp_find_header(call->form, "text");
	const char *id = evhttp_find_header(call->form, "id");
	const char *ts = evhttp_find_header(call->form, "ts");

	if (from == NULL || id == NULL || id[0] == '\0' ||
	    strlen(id) > KANNEL_ID_MAX || strlen(from) >= sizeof(w.m.sender)) {
		http_answer(call, 400, "text/plain", "from and id are required\n");
		return;
	}
	memset(&w, 0, sizeof(w));
	w.req = call->req;
	w.method = call->method;
	snprintf(w.m.modem, sizeof(w.m.modem), "kannel");
	if (phone_normalize(from, w.m.sender, sizeof(w.m.sender)) == -1)
		snprintf(w.m.sender, sizeof(w.m.sender), "%s", from);
	w.m.smsc_time = ts != NULL ? (time_t)strtoll(ts, NULL, 10) : 0;
	w.m.received_at = clock_now();
	w.m.state = INBOX_BARU;
	w.m.channel = CHANNEL_SMS;
	mo_key(&d->key, id, w.key);
	if ((w.m.text = strdup(text != NULL ? text : "")) == NULL ||
	    mo_batch_add(d, &w) == -1) {
		free(w.m.text);
		http_answer(call, 503, "text/plain", "not stored\n");
	}
}

static const char *
dlr_name(int type)
{
	switch (type) {
	case 1:
		return "diterima";	/* delivered to the handset */
	case 2:
		return "gagal";		/* not delivered */
	case 4:
		return "tertunda";	/* buffered at the SMSC */
	case 8:
		return "di_smsc";	/* accepted by the SMSC */
	case 16:
		return "ditolak";	/* rejected by the SMSC */
	default:
		return NULL;
	}
}

static void
serve_dlr(struct http_call *call)
{
	struct mo_wait w;
	const char *id = evhttp_find_header(call->form, "id");
	const char *type = evhttp_find_header(call->form, "type");
	const char *name = type != NULL ? dlr_name(atoi(type)) : NULL;

	if (id == NULL || name == NULL) {
		http_answer(call, 400, "text/plain", "id and type are required\n");
		return;
	}
	memset(&w, 0, sizeof(w));
	w.dlr_outbox = strtoll(id, NULL, 10);
	w.req = call->req;
	w.method = call->method;
	w.dlr = name;
	if (mo_batch_add(call->d, &w) == -1)
		http_answer(call, 503, "text/plain", "not stored\n");
}

const struct http_route http_route_kannel_mo = {
	"/kannel/mo", EVHTTP_REQ_GET | EVHTTP_REQ_POST, serve_mo
};
const struct http_route http_route_kannel_dlr = {
	"/kannel/dlr", EVHTTP_REQ_GET | EVHTTP_REQ_POST, serve_dlr
};
