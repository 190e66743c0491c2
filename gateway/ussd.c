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
	int			*answered;
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
	*s->answered = 1;
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

/* In the command's transaction: a repeat is answered from the first answer. */
static int
command_done(struct db *db, struct inbound *in, void *arg)
{
	struct ussd_command *c = arg;
	struct ussd_answer *a = &c->answer;
	enum inbox_state state = INBOX_SELESAI;
	char *text = NULL;
	int rc;

	if (in->duplicate) {
		if ((rc = outbox_answer(db, in->inbox_id, CHANNEL_USSD, &text)) == -1)
			return -1;
		snprintf(a->screen, sizeof(a->screen), "%s",
		    rc == 1 ? text : "Permintaan sudah diproses.");
		free(text);
	} else if (!c->answered) {
		if (inbox_state_of(db, in->inbox_id, &state) == -1)
			return -1;
		snprintf(a->screen, sizeof(a->screen), "%s",
		    state == INBOX_DIBATASI ? "Terlalu banyak permintaan. Coba"
		    " lagi nanti." : "Maaf, permintaan tidak dapat diproses.");
		if (state == INBOX_DIBATASI) {
			/* Stored, like the SMS case, so a repeat says the same. */
			struct hctx ctx;

			memset(&ctx, 0, sizeof(ctx));
			ctx.db = db;
			ctx.now = c->now;
			ctx.inbox_id = in->inbox_id;
			ctx.sender = c->phone;
			if (reply_record(&ctx, CHANNEL_USSD, a->screen) == -1)
				return -1;
		}
	}
	return session_save(db, &c->rq, c->phone, a, c->now);
}

/* The command's rows, in the caller's transaction; its answer filled anew. */
static int
command_run(const struct handlers_env *env, struct ussd_command *c)
{
	struct ussd_screen_sink sink;
	struct handlers_env e = *env;
	struct inbound in;
	unsigned char key[DEDUPE_LEN];
	int rc;

	memset(&c->answer, 0, sizeof(c->answer));
	c->answer.end = 1;
	ussd_copy(c->answer.redacted, sizeof(c->answer.redacted), c->w.redacted);
	c->answered = 0;
	memset(&sink, 0, sizeof(sink));
	sink.sink.put = screen_put;
	sink.sink.arg = &sink;
	sink.answer = &c->answer;
	sink.answered = &c->answered;
	e.now = c->now;
	hop_key(env->key, c->rq.session_id, c->w.consumed, key);
	memset(&in, 0, sizeof(in));
	in.channel = CHANNEL_USSD;
	in.link = "ussd";
	in.from = c->phone;
	in.text = c->w.command;
	in.dedupe = key;
	in.dedupe_len = sizeof(key);
	in.sink = &sink.sink;
	in.inspect = command_done;
	in.arg = c;
	rc = inbound_run(&e, &in);
	sodium_memzero(key, sizeof(key));
	return rc;
}

/*
 * One transaction for all, each command in its own savepoint: one that
 * fails is undone alone and answered so, the others go on.  -1 when the
 * transaction itself is lost (a full disk, a failed commit): nothing of
 * it stays.  Elided, no savepoint is taken (a fifth of a hop's work in
 * SQLite's statement journal); *redo is set when a command had to be
 * undone, which needs them.
 */
static int
group_run(const struct handlers_env *env, struct ussd_command **c, size_t n,
    int elide, int *begun, int *redo)
{
	struct db *db = env->db;
	long transient = db->ntransient;
	size_t i;
	int rc;

	*begun = 0;
	*redo = 0;
	if (db_begin(db) == -1)
		return -1;
	*begun = 1;
	if (elide)
		db_elide_savepoints(db);
	for (i = 0; i < n; i++) {
		if (elide) {
			rc = command_run(env, c[i]);
			if (db->ntransient != transient)
				goto fail;
			if (rc != 0 || db->savepoint_undone) {
				*redo = 1;
				goto fail;
			}
			c[i]->result = USSD_OK;
			continue;
		}
		if (db_savepoint(db) == -1)
			goto fail;
		rc = command_run(env, c[i]);
		if (db->ntransient != transient)
			goto fail;
		c[i]->result = rc == -1 ? USSD_ERROR : USSD_OK;
		if (rc == 0 && !c[i]->rq.dry_run) {
			if (db_release(db) == -1)
				goto fail;
		} else if (db_rollback_savepoint(db) == -1)
			goto fail;
	}
	if (db_commit(db) == -1)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

int
ussd_commands_run(const struct handlers_env *env, struct ussd_command **c,
    size_t n)
{
	size_t i;
	int begun, redo, tx, elide = 1;

	if (n == 0)
		return 0;
	/* A dry run is undone alone, so its group needs the savepoints. */
	for (i = 0; i < n; i++)
		if (c[i]->rq.dry_run)
			elide = 0;
	if (group_run(env, c, n, elide, &begun, &redo) == 0)
		return 1;
	if (redo && group_run(env, c, n, 0, &begun, &redo) == 0)
		return 1;
	/*
	 * A group that could not commit as one is run again a command a
	 * transaction, so each gets the answer it would have had alone.  One
	 * that could not even begin (the database held by another program)
	 * would only make each wait as long again: the rest are told at once.
	 */
	tx = 0;
	for (i = 0; i < n; i++) {
		if (!begun || n == 1 || group_run(env, &c[i], 1, 0, &begun,
		    &redo) == -1)
			c[i]->result = USSD_ERROR;
		else
			tx++;
	}
	return tx;
}

static char *
dup_or_null(const char *s, int *failed)
{
	char *d;

	if (s == NULL)
		return NULL;
	if ((d = strdup(s)) == NULL)
		*failed = 1;
	return d;
}

static struct ussd_command *
command_new(const struct handlers_env *env, const struct ussd_request *rq,
    const char *phone, const struct ussd_walk *w)
{
	struct ussd_command *c = calloc(1, sizeof(*c));
	int failed = 0;

	if (c == NULL)
		return NULL;
	c->rq.session_id = dup_or_null(rq->session_id, &failed);
	c->rq.service_code = dup_or_null(rq->service_code, &failed);
	c->rq.network = dup_or_null(rq->network, &failed);
	c->rq.dry_run = rq->dry_run;
	snprintf(c->phone, sizeof(c->phone), "%s", phone);
	c->rq.phone = c->phone;
	c->now = env->now;
	c->w = *w;
	if (failed) {
		ussd_command_free(c);
		return NULL;
	}
	return c;
}

void
ussd_command_free(struct ussd_command *c)
{
	if (c == NULL)
		return;
	free((char *)c->rq.session_id);
	free((char *)c->rq.service_code);
	free((char *)c->rq.network);
	/* The command's text holds the PIN. */
	sodium_memzero(c, sizeof(*c));
	free(c);
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
	ussd_copy(a->screen, sizeof(a->screen), w->screen);
	ussd_copy(a->redacted, sizeof(a->redacted), w->redacted);
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
ussd_hop_start(const struct handlers_env *env, const struct ussd_request *rq,
    struct ussd_answer *a, struct ussd_command **cmd)
{
	struct ussd_walk w;
	struct member me;
	char phone[24];
	enum ussd_result res = USSD_OK;
	int registered;

	*cmd = NULL;
	memset(a, 0, sizeof(*a));
	if (rq->session_id == NULL || rq->session_id[0] == '\0' ||
	    strlen(rq->session_id) > 100 || rq->phone == NULL ||
	    phone_normalize(rq->phone, phone, sizeof(phone)) == -1) {
		a->end = 1;
		snprintf(a->screen, sizeof(a->screen), "Nomor tidak dikenali.");
		return USSD_OK;
	}
	if ((registered = member_by_phone(env->db, phone, &me)) == -1)
		return USSD_ERROR;
	if (ussd_walk(env->db, env->rules, registered, 0, rq->text ? rq->text : "",
	    &w) == -1)
		res = USSD_ERROR;
	else if (w.command[0] != '\0') {
		a->end = 1;
		ussd_copy(a->redacted, sizeof(a->redacted), w.redacted);
		if ((*cmd = command_new(env, rq, phone, &w)) == NULL)
			res = USSD_ERROR;
	} else
		res = menu_hop(env, rq, phone, registered, &w, a);
	sodium_memzero(&w, sizeof(w));
	return res;
}

enum ussd_result
ussd_hop(const struct handlers_env *env, const struct ussd_request *rq,
    struct ussd_answer *a)
{
	struct ussd_command *c;
	enum ussd_result res;

	if ((res = ussd_hop_start(env, rq, a, &c)) == USSD_ERROR || c == NULL)
		return res;
	ussd_commands_run(env, &c, 1);
	*a = c->answer;
	res = c->result;
	ussd_command_free(c);
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
