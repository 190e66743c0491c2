/*
 * One USSD hop: the menu the path leads to, or, on the hop that completes
 * a command, that command through handle_message() with the screen as the
 * reply sink.  A command hop is an inbox row keyed on (session, path), so
 * the aggregator repeating it gets the same screen and nothing is posted
 * twice; the session's row is written when it ends.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "gateway/ussd.h"

#define DEDUPE_LEN 16

struct ussd_screen_sink {
	struct reply_sink	 sink;
	struct ussd_answer	*answer;
	int			 answered;
};

/*
 * A reply that does not fit a screen is not cut: it goes out as an SMS
 * and the screen says so.
 */
static int
screen_put(struct reply_sink *sink, struct hctx *ctx, const char *text)
{
	struct ussd_screen_sink *s = sink->arg;
	char plain[USSD_SCREEN_MAX * 8];
	int units;

	ussd_ascii(text, plain, sizeof(plain));
	units = sms_units(plain);
	s->answered = 1;
	if (units < 0 || units > USSD_SCREEN_MAX || strlen(plain) > USSD_SCREEN_MAX) {
		snprintf(s->answer->screen, sizeof(s->answer->screen),
		    "Jawaban dikirim lewat SMS.");
		if (reply_as_sms(ctx, text) == -1)
			return -1;
		return reply_record(ctx, CHANNEL_USSD, s->answer->screen);
	}
	memcpy(s->answer->screen, plain, strlen(plain) + 1);
	return reply_record(ctx, CHANNEL_USSD, plain);
}

static void
hop_key(const struct pin_key *key, const char *session, const char *path,
    unsigned char out[DEDUPE_LEN])
{
	crypto_generichash_state st;

	/* Keyed like the SMS digests: the path of a command holds its PIN. */
	crypto_generichash_init(&st, key->k, sizeof(key->k), DEDUPE_LEN);
	crypto_generichash_update(&st, (const unsigned char *)"ussd", 5);
	crypto_generichash_update(&st, (const unsigned char *)session,
	    strlen(session) + 1);
	crypto_generichash_update(&st, (const unsigned char *)path, strlen(path));
	crypto_generichash_final(&st, out, DEDUPE_LEN);
}

static int
session_save(struct db *db, const struct ussd_request *rq, const char *phone,
    const struct ussd_answer *a, time_t now)
{
	struct ussd_session s;
	const char *p;

	s.session_id = rq->session_id;
	s.phone = phone;
	s.service_code = rq->service_code ? rq->service_code : "";
	s.network_code = rq->network ? rq->network : "";
	s.path = a->redacted;
	s.ended = a->end;
	/* The first hop, and one for every input of the path. */
	s.hops = 1 + (a->redacted[0] != '\0');
	for (p = a->redacted; *p != '\0'; p++)
		s.hops += *p == '*';
	return ussd_session_hop(db, &s, now);
}

struct command_hop {
	const struct ussd_request	*rq;
	const char			*phone;
	struct ussd_answer		*answer;
	struct ussd_screen_sink		*sink;
	time_t				 now;
};

/* In the command's transaction: a repeat is answered from the first answer. */
static int
command_done(struct db *db, struct inbound *in, void *arg)
{
	struct command_hop *h = arg;
	enum inbox_state state = INBOX_SELESAI;
	char *text = NULL;
	int rc;

	if (in->duplicate) {
		if ((rc = outbox_answer(db, in->inbox_id, CHANNEL_USSD, &text)) == -1)
			return -1;
		snprintf(h->answer->screen, sizeof(h->answer->screen), "%s",
		    rc == 1 ? text : "Permintaan sudah diproses.");
		free(text);
	} else if (!h->sink->answered) {
		if (inbox_state_of(db, in->inbox_id, &state) == -1)
			return -1;
		snprintf(h->answer->screen, sizeof(h->answer->screen), "%s",
		    state == INBOX_DIBATASI ? "Terlalu banyak permintaan. Coba"
		    " lagi nanti." : "Maaf, permintaan tidak dapat diproses.");
		if (state == INBOX_DIBATASI) {
			/* Stored, like the SMS case, so a repeat says the same. */
			struct hctx ctx;

			memset(&ctx, 0, sizeof(ctx));
			ctx.db = db;
			ctx.now = h->now;
			ctx.inbox_id = in->inbox_id;
			ctx.sender = h->phone;
			if (reply_record(&ctx, CHANNEL_USSD, h->answer->screen) == -1)
				return -1;
		}
	}
	return session_save(db, h->rq, h->phone, h->answer, h->now);
}

static enum ussd_result
run_command(const struct handlers_env *env, const struct ussd_request *rq,
    const char *phone, struct ussd_walk *w, struct ussd_answer *a)
{
	struct ussd_screen_sink sink;
	struct command_hop h;
	struct inbound in;
	unsigned char key[DEDUPE_LEN];
	int rc;

	memset(&sink, 0, sizeof(sink));
	sink.sink.put = screen_put;
	sink.sink.arg = &sink;
	sink.answer = a;
	hop_key(env->key, rq->session_id, w->consumed, key);
	h.rq = rq;
	h.phone = phone;
	h.answer = a;
	h.sink = &sink;
	h.now = env->now;
	memset(&in, 0, sizeof(in));
	in.channel = CHANNEL_USSD;
	in.link = "ussd";
	in.from = phone;
	in.text = w->command;
	in.dedupe = key;
	in.dedupe_len = sizeof(key);
	in.sink = &sink.sink;
	in.dry_run = rq->dry_run;
	in.inspect = command_done;
	in.arg = &h;
	rc = inbound_handle(env, &in);
	sodium_memzero(key, sizeof(key));
	return rc == -1 ? USSD_ERROR : USSD_OK;
}

/*
 * Moving through menus writes nothing, so a hop costs no disk flush; only
 * the stranger's daily notice and a session's end are stored.
 */
static enum ussd_result
menu_hop(const struct handlers_env *env, const struct ussd_request *rq,
    const char *phone, int registered, struct ussd_walk *w,
    struct ussd_answer *a)
{
	char today[11];
	int notice = 0, rc, first = !registered && rq->text[0] == '\0';

	if (first || w->end) {
		if (db_begin(env->db) == -1)
			return USSD_ERROR;
		if (first) {
			/* Once a day on any channel, as for SMS. */
			date_of(env->now, today);
			if ((rc = notice_once_per_day(env->db, phone,
			    "belum_terdaftar", today)) == -1)
				goto fail;
			notice = rc == 0;
			if (notice && ussd_walk(env->db, env->rules, registered, 1,
			    rq->text, w) == -1)
				goto fail;
		}
	}
	a->end = w->end;
	snprintf(a->screen, sizeof(a->screen), "%s", w->screen);
	snprintf(a->redacted, sizeof(a->redacted), "%s", w->redacted);
	if (!first && !w->end)
		return USSD_OK;
	if (w->end && session_save(env->db, rq, phone, a, env->now) == -1)
		goto fail;
	if (rq->dry_run ? db_rollback(env->db) == -1 : db_commit(env->db) == -1)
		goto fail;
	return USSD_OK;
fail:
	db_rollback(env->db);
	return USSD_ERROR;
}

enum ussd_result
ussd_hop(const struct handlers_env *env, const struct ussd_request *rq,
    struct ussd_answer *a)
{
	struct ussd_walk *w;
	struct member me;
	char phone[24];
	enum ussd_result res;
	int registered;

	memset(a, 0, sizeof(*a));
	if (rq->session_id == NULL || rq->session_id[0] == '\0' ||
	    strlen(rq->session_id) > 100 || rq->phone == NULL ||
	    phone_normalize(rq->phone, phone, sizeof(phone)) == -1) {
		a->end = 1;
		snprintf(a->screen, sizeof(a->screen), "Nomor tidak dikenali.");
		return USSD_OK;
	}
	if ((registered = member_by_phone(env->db, phone, &me)) == -1 ||
	    (w = calloc(1, sizeof(*w))) == NULL)
		return USSD_ERROR;
	if (ussd_walk(env->db, env->rules, registered, 0, rq->text ? rq->text : "",
	    w) == -1) {
		free(w);
		return USSD_ERROR;
	}
	if (w->command[0] != '\0') {
		a->end = 1;
		snprintf(a->redacted, sizeof(a->redacted), "%s", w->redacted);
		res = run_command(env, rq, phone, w, a);
	} else
		res = menu_hop(env, rq, phone, registered, w, a);
	sodium_memzero(w, sizeof(*w));
	free(w);
	return res;
}

enum ussd_result
ussd_end(const struct handlers_env *env, const char *session_id,
    const char *phone_in, const char *status, const char *input)
{
	struct ussd_session s;
	struct member me;
	char phone[24], redacted[USSD_TEXT_MAX];
	int registered = 0;

	if (session_id == NULL || session_id[0] == '\0' || strlen(session_id) > 100)
		return USSD_ERROR;
	if (phone_in == NULL || phone_normalize(phone_in, phone, sizeof(phone)) == -1)
		snprintf(phone, sizeof(phone), "?");
	else if ((registered = member_by_phone(env->db, phone, &me)) == -1)
		return USSD_ERROR;
	/* The whole path comes back here, PINs and all. */
	ussd_redact(env->db, env->rules, registered > 0, input ? input : "",
	    redacted, sizeof(redacted));
	memset(&s, 0, sizeof(s));
	s.session_id = session_id;
	s.phone = phone;
	s.path = redacted;
	return ussd_session_end(env->db, &s, status ? status : "", env->now) == -1 ?
	    USSD_ERROR : USSD_OK;
}
