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

static void
serve_mo(struct http_call *call)
{
	struct daemon *d = call->d;
	struct inbox_msg m;
	unsigned char key[KANNEL_DEDUPE_LEN];
	const char *from = evhttp_find_header(call->form, "from");
	const char *text = evhttp_find_header(call->form, "text");
	const char *id = evhttp_find_header(call->form, "id");
	const char *ts = evhttp_find_header(call->form, "ts");
	time_t now = clock_now();
	int64_t row;
	int rc;

	if (from == NULL || id == NULL || id[0] == '\0' ||
	    strlen(id) > KANNEL_ID_MAX || strlen(from) >= sizeof(m.sender)) {
		http_answer(call, 400, "text/plain", "from and id are required\n");
		return;
	}
	memset(&m, 0, sizeof(m));
	snprintf(m.modem, sizeof(m.modem), "kannel");
	if (phone_normalize(from, m.sender, sizeof(m.sender)) == -1)
		snprintf(m.sender, sizeof(m.sender), "%s", from);
	m.smsc_time = ts != NULL ? (time_t)strtoll(ts, NULL, 10) : 0;
	m.received_at = now;
	m.text = (char *)(text != NULL ? text : "");
	m.state = INBOX_BARU;
	m.channel = CHANNEL_SMS;
	mo_key(&d->key, id, key);
	if (db_begin(&d->db) == -1) {
		http_answer(call, 503, "text/plain", "not stored\n");
		return;
	}
	if ((rc = inbox_insert(&d->db, &m, key, sizeof(key), &row)) == -1 ||
	    db_commit(&d->db) == -1) {
		db_rollback(&d->db);
		/* Kannel retries what it was not told 200. */
		http_answer(call, 503, "text/plain", "not stored\n");
		return;
	}
	http_answer(call, 200, "text/plain", "");
	if (rc == 1)
		event_active(d->ev_process, 0, 0);
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
	struct daemon *d = call->d;
	const char *id = evhttp_find_header(call->form, "id");
	const char *type = evhttp_find_header(call->form, "type");
	const char *name = type != NULL ? dlr_name(atoi(type)) : NULL;
	int rc;

	if (id == NULL || name == NULL) {
		http_answer(call, 400, "text/plain", "id and type are required\n");
		return;
	}
	if (db_begin(&d->db) == -1) {
		http_answer(call, 503, "text/plain", "not stored\n");
		return;
	}
	if ((rc = outbox_set_dlr(&d->db, strtoll(id, NULL, 10), name,
	    clock_now())) == -1 || db_commit(&d->db) == -1) {
		db_rollback(&d->db);
		http_answer(call, 503, "text/plain", "not stored\n");
		return;
	}
	if (rc == 0)
		log_warnx("kannel: delivery report for unknown outbox %s", id);
	http_answer(call, 200, "text/plain", "OK");
}

const struct http_route http_route_kannel_mo = {
	"/kannel/mo", EVHTTP_REQ_GET | EVHTTP_REQ_POST, serve_mo
};
const struct http_route http_route_kannel_dlr = {
	"/kannel/dlr", EVHTTP_REQ_GET | EVHTTP_REQ_POST, serve_dlr
};
