/*
 * The exactly-once pipeline (SPEC §5).  Received SMS are committed to the
 * inbox before the modem may delete them; a copy of one already stored
 * (same modem, sender, SMSC time and text) is recognised by its key and
 * dropped.  Waiting rows are then handled many to a transaction, each
 * inside its own savepoint so one bad message cannot spoil the others.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "gateway/gateway.h"

#define DIGEST_LEN	16
#define DEDUPE_LEN	(8 + DIGEST_LEN)

/*
 * Keyed, so the digest of a message with a PIN in it cannot be searched
 * for the PIN by someone who has only the database.  Earlier releases
 * stored this digest alone as the key.
 */
static void
dedupe_digest(const struct pin_key *key, const struct received_sms *r,
    unsigned char out[DIGEST_LEN])
{
	crypto_generichash_state st;
	unsigned char t[8];
	int64_t when = (int64_t)r->smsc_time;
	int i;

	for (i = 0; i < 8; i++)
		t[i] = (unsigned char)((uint64_t)when >> (8 * i));
	crypto_generichash_init(&st, key->k, sizeof(key->k), DIGEST_LEN);
	crypto_generichash_update(&st, (const unsigned char *)r->modem,
	    strlen(r->modem) + 1);
	crypto_generichash_update(&st, (const unsigned char *)r->sender,
	    strlen(r->sender) + 1);
	crypto_generichash_update(&st, t, sizeof(t));
	crypto_generichash_update(&st, (const unsigned char *)r->text,
	    strlen(r->text));
	crypto_generichash_final(&st, out, DIGEST_LEN);
}

/*
 * The SMSC time first, most significant byte first, then the digest: the
 * keys of a day's SMS are neighbours in the unique index, so storing one
 * touches the pages the last ones did, not one at a random place of a
 * history that has long outgrown the page cache.
 */
static void
dedupe_key(const struct pin_key *key, const struct received_sms *r,
    unsigned char out[DEDUPE_LEN])
{
	uint64_t when = (uint64_t)(int64_t)r->smsc_time;
	int i;

	for (i = 0; i < 8; i++)
		out[i] = (unsigned char)(when >> (8 * (7 - i)));
	dedupe_digest(key, r, out + 8);
}

/*
 * The SMSC time of the newest SMS stored under a key of the old form, if
 * the file has any (db/schema.c): an SMS still on a SIM when the program
 * was upgraded is read again and must meet its copy.  Later SMS are
 * younger than that, so the old form is never looked for again.
 */
static int
legacy_until(struct db *db, int *any, int64_t *until)
{
	char v[32];
	int rc;

	*any = 0;
	if ((rc = setting_get(db, "dedupe_legacy_until", v, sizeof(v))) != 1)
		return rc;
	*any = 1;
	*until = strtoll(v, NULL, 10);
	return 0;
}

/* The batch's inbox rows, inside the caller's transaction. */
static int
store_rows(struct db *db, const struct pin_key *key, struct received_sms *r,
    size_t n, time_t now)
{
	unsigned char dk[DEDUPE_LEN];
	struct inbox_msg m;
	int64_t id, until = 0;
	size_t i;
	int rc, legacy;

	if (legacy_until(db, &legacy, &until) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		memset(&m, 0, sizeof(m));
		snprintf(m.modem, sizeof(m.modem), "%s", r[i].modem);
		/* E.164 when it is a phone, so limits count one number once. */
		if (phone_normalize(r[i].sender, m.sender, sizeof(m.sender)) == -1)
			snprintf(m.sender, sizeof(m.sender), "%s", r[i].sender);
		m.smsc_time = r[i].smsc_time;
		m.received_at = now;
		m.text = r[i].text;
		m.state = INBOX_BARU;
		dedupe_key(key, &r[i], dk);
		rc = 0;
		if (legacy && (r[i].smsc_time == 0 ||
		    (int64_t)r[i].smsc_time <= until))
			rc = inbox_find_dedupe(db, dk + 8, DIGEST_LEN, &id);
		if (rc == 0)
			rc = inbox_insert(db, &m, dk, sizeof(dk), &id);
		else if (rc == 1)
			rc = 0;
		if (rc == -1)
			return -1;
		r[i].inbox_id = id;
		r[i].duplicate = rc == 0;
	}
	return 0;
}

int
pipeline_store(struct db *db, const struct pin_key *key, struct received_sms *r,
    size_t n, time_t now)
{
	if (db_begin(db) == -1)
		return -1;
	if (store_rows(db, key, r, n, now) == -1 || db_commit(db) == -1) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

/*
 * What each message of a batch came to, said in the log only once the
 * batch is committed: a batch undone by a full disk is handled again, and
 * its messages must not be reported twice, or as done when they were not.
 */
struct outcome {
	int64_t		 id;
	char		 who[LOG_PHONE_LEN];
	int		 failed;		/* marked gagal */
};

struct batch {
	const struct handlers_env	*env;
	int				 handled;
	struct outcome			*done;	/* max entries */
	int				 ndone;
	int				 elided;	/* no savepoints taken */
	int				 redo;		/* with them: one was undone */
	/* Stored first in the same transaction, when not NULL. */
	const struct pin_key		*key;
	struct received_sms		*r;
	size_t				 nr;
};

static void
outcome_add(struct batch *b, const struct inbox_msg *m, int failed)
{
	struct outcome *o = &b->done[b->ndone++];

	o->id = m->id;
	o->failed = failed;
	log_phone(m->sender, o->who, sizeof(o->who));
}

static void
outcomes_log(const struct batch *b)
{
	int i;

	for (i = 0; i < b->ndone; i++)
		if (b->done[i].failed)
			log_warnx("inbox %lld: not handled, marked gagal",
			    (long long)b->done[i].id);
		else
			log_info("inbox %lld from %s: handled",
			    (long long)b->done[i].id, b->done[i].who);
}

static int
process_one(struct inbox_msg *m, void *arg)
{
	struct batch *b = arg;
	struct db *db = b->env->db;
	char redacted[MSG_MAX + 1];
	long transient = db->ntransient;
	int rc;

	if (b->elided) {
		rc = handle_message(b->env, m);
		/* Undoing a part needs the savepoints: the batch is redone with them. */
		if (db->ntransient == transient && (rc != 0 || db->savepoint_undone))
			b->redo = 1;
		if (db->ntransient != transient || b->redo)
			return -1;
		b->handled++;
		outcome_add(b, m, 0);
		return 0;
	}
	if (db_savepoint(db) == -1)
		return -1;
	rc = handle_message(b->env, m);
	/*
	 * A full disk or a lost transaction is not the message's fault: the
	 * whole batch is undone and handled again later, rather than this
	 * one marked failed (or half done) for want of a moment's disk.
	 */
	if (db->ntransient != transient)
		return -1;
	if (rc == 0) {
		b->handled++;
		outcome_add(b, m, 0);
		return db_release(db);
	}
	/*
	 * Whatever the message did is undone; it is marked failed so it is
	 * neither lost nor retried for ever, and the batch goes on.
	 */
	outcome_add(b, m, 1);
	if (db_rollback_savepoint(db) == -1)
		return -1;
	/* Kept for the operator, so without a PIN like every handled text. */
	redact_unparsed(m->text, strlen(m->text), redacted, sizeof(redacted));
	return inbox_finish(db, m->id, INBOX_GAGAL, redacted, NULL, b->env->now);
}

/* One transaction over up to max waiting rows: n handled, or -1 undone. */
static int
batch_run(struct batch *b, int max)
{
	struct db *db = b->env->db;
	int n;

	b->handled = 0;
	b->ndone = 0;
	b->redo = 0;
	if (db_begin(db) == -1)
		return -1;
	if (b->r != NULL &&
	    store_rows(db, b->key, b->r, b->nr, b->env->now) == -1) {
		db_rollback(db);
		return -1;
	}
	if (b->elided)
		db_elide_savepoints(db);
	n = inbox_foreach_new(db, max, process_one, b);
	if (n == -1 || db_commit(db) == -1) {
		db_rollback(db);
		return -1;
	}
	return n;
}

static int
batch_handle(struct batch *b, int max)
{
	int n;

	if ((b->done = calloc(max > 0 ? (size_t)max : 1, sizeof(*b->done))) == NULL)
		return -1;
	/*
	 * Nearly every batch undoes nothing and is run without savepoints;
	 * one where a message failed or a command undid a part is rolled
	 * back and run again with a savepoint for each message, as before.
	 */
	n = batch_run(b, max);
	if (n == -1 && b->redo) {
		b->elided = 0;
		n = batch_run(b, max);
	}
	if (n != -1)
		outcomes_log(b);
	free(b->done);
	return n;
}

int
pipeline_process(const struct handlers_env *env, int max)
{
	struct batch b = { env, 0, NULL, 0, 1, 0, NULL, NULL, 0 };
	int waiting;

	/* Nothing to do takes no write lock: another writer may hold it. */
	if (inbox_waiting(env->db, &waiting) == -1)
		return -1;
	if (!waiting)
		return 0;
	return batch_handle(&b, max);
}

int
pipeline_store_and_process(const struct handlers_env *env,
    const struct pin_key *key, struct received_sms *r, size_t n, int max)
{
	struct batch b = { env, 0, NULL, 0, 1, 0, key, r, n };

	return batch_handle(&b, max);
}
