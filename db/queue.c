/*
 * The inbox and the outbox.  A received SMS is a row here before it is
 * deleted from the phone, and every SMS the gateway causes is a row here
 * in the same transaction as its cause; after a crash the gateway resumes
 * from these rows alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"

static const char *const inbox_states[] = {
	"baru", "selesai", "dibatasi", "diabaikan", "gagal"
};
static const char *const outbox_states[] = { "antri", "terkirim", "gagal" };
static const char *const channels[] = { "sms", "ussd", "sim" };

const char *
channel_name(enum channel c)
{
	return (unsigned)c < 3 ? channels[c] : "sms";
}

const char *
inbox_state_name(enum inbox_state s)
{
	return (unsigned)s < 5 ? inbox_states[s] : "?";
}

const char *
outbox_state_name(enum outbox_state s)
{
	return (unsigned)s < 3 ? outbox_states[s] : "?";
}

static int
state_index(const char *const *names, int n, const char *s)
{
	int i;

	for (i = 0; s != NULL && i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return 0;
}


int
inbox_find_dedupe(struct db *db, const unsigned char *dedupe,
    size_t dedupe_len, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT id FROM inbox WHERE dedupe = ?");
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_blob(st, 1, dedupe, (int)dedupe_len, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE) {
		db_log(db, "inbox dedupe");
		return -1;
	}
	return 0;
}

int
inbox_insert(struct db *db, struct inbox_msg *m, const unsigned char *dedupe,
    size_t dedupe_len, int64_t *id)
{
	sqlite3_stmt *st;
	int rc;

	if (dedupe != NULL &&
	    (rc = inbox_find_dedupe(db, dedupe, dedupe_len, id)) != 0)
		return rc == 1 ? 0 : -1;
	st = db_stmt(db, "INSERT INTO inbox(modem, sender, smsc_time,"
	    " received_at, text, dedupe, state, channel)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, m->modem, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, m->sender, -1, SQLITE_STATIC);
	if (m->smsc_time != 0)
		sqlite3_bind_int64(st, 3, (sqlite3_int64)m->smsc_time);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)m->received_at);
	sqlite3_bind_text(st, 5, m->text, -1, SQLITE_STATIC);
	if (dedupe != NULL)
		sqlite3_bind_blob(st, 6, dedupe, (int)dedupe_len, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, inbox_state_name(m->state), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, channel_name(m->channel), -1, SQLITE_STATIC);
	if (db_step_done(db, st) == -1)
		return -1;
	m->id = *id = sqlite3_last_insert_rowid(db->h);
	return 1;
}

int
inbox_finish(struct db *db, int64_t id, enum inbox_state state,
    const char *redacted_text, const char *command, time_t at)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE inbox SET state = ?,"
	    " text = ifnull(?, text), command = ?, processed_at = ? WHERE id = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, inbox_state_name(state), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, redacted_text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, command, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)at);
	sqlite3_bind_int64(st, 5, id);
	return db_step_done(db, st);
}

int
inbox_count_since(struct db *db, const char *phone, time_t since, int64_t upto,
    int64_t cap, int64_t *n)
{
	/*
	 * Rows after upto are a burst still waiting: they must not count yet.
	 * Nor do rows held back by the limit, or retries would extend it.
	 * The index is by day first (db/schema.c): the phone is looked up in
	 * since's day and the next, as a window is at most a day long
	 * (gateway/config.c).  Two look-ups, as an IN list would build a
	 * temporary table on every call.  Counting stops at cap: a number
	 * that sends thousands must not make each of its SMS dearer.
	 */
#define SINCE_IN_DAY(day) "(SELECT count(*) FROM (SELECT 1 FROM inbox" \
	" WHERE received_at / 86400 = " day " AND sender = ?1" \
	" AND received_at >= ?2 AND id <= ?3 AND state <> 'dibatasi'" \
	" LIMIT ?4))"
	sqlite3_stmt *st = db_stmt(db, "SELECT " SINCE_IN_DAY("?2 / 86400")
	    " + " SINCE_IN_DAY("?2 / 86400 + 1"));
#undef SINCE_IN_DAY

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, phone, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)since);
	sqlite3_bind_int64(st, 3, upto);
	sqlite3_bind_int64(st, 4, cap);
	return db_one_int64(db, st, n) == 1 ? 0 : -1;
}

int
inbox_waiting(struct db *db, int *waiting)
{
	/* The literal lets SQLite use the partial index of waiting rows. */
	sqlite3_stmt *st = db_stmt(db, "SELECT EXISTS (SELECT 1 FROM inbox"
	    " WHERE state = 'baru')");
	int64_t n = 0;

	if (st == NULL || db_one_int64(db, st, &n) != 1)
		return -1;
	*waiting = n != 0;
	return 0;
}

/*
 * Rows are copied out before the callback runs, so the callback may use
 * the database (it processes each message) while we hold no statement.
 */
int
inbox_foreach_new(struct db *db, int max, inbox_cb cb, void *arg)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT id, modem, sender,"
	    " ifnull(smsc_time, 0), received_at, text FROM inbox"
	    " WHERE state = 'baru' ORDER BY id LIMIT ?");
	struct inbox_msg *rows;
	int n = 0, i, rc, ret = 0;

	if (st == NULL || max <= 0)
		return st == NULL ? -1 : 0;
	if ((rows = calloc((size_t)max, sizeof(*rows))) == NULL)
		return -1;
	sqlite3_bind_int(st, 1, max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max) {
		rows[n].id = sqlite3_column_int64(st, 0);
		rows[n].smsc_time = (time_t)sqlite3_column_int64(st, 3);
		rows[n].received_at = (time_t)sqlite3_column_int64(st, 4);
		rows[n].state = INBOX_BARU;
		/* A row cut short by a failed read would be handled wrongly. */
		if (db_column_text(db, st, 1, rows[n].modem,
		    sizeof(rows[n].modem)) == -1 ||
		    db_column_text(db, st, 2, rows[n].sender,
		    sizeof(rows[n].sender)) == -1 ||
		    (rows[n].text = db_column_strdup(db, st, 5)) == NULL) {
			ret = -1;
			break;
		}
		n++;
	}
	sqlite3_reset(st);
	if (ret == 0 && rc != SQLITE_DONE && rc != SQLITE_ROW) {
		db_log(db, "inbox scan");
		ret = -1;
	}
	for (i = 0; i < n && ret == 0; i++)
		if (cb(&rows[i], arg) == -1)
			ret = -1;
	for (i = 0; i < n; i++)
		free(rows[i].text);
	free(rows);
	return ret == 0 ? n : -1;
}

int
outbox_insert(struct db *db, struct outbox_msg *m)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO outbox(inbox_id, phone,"
	    " text, priority, next_try_at, created_at, channel, state, modem,"
	    " sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");

	if (st == NULL)
		return -1;
	if (m->inbox_id != 0)
		sqlite3_bind_int64(st, 1, m->inbox_id);
	sqlite3_bind_text(st, 2, m->phone, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, m->text, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, (int)m->priority);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)m->next_try_at);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)m->created_at);
	sqlite3_bind_text(st, 7, channel_name(m->channel), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, outbox_state_name(m->state), -1, SQLITE_STATIC);
	if (m->modem[0] != '\0')
		sqlite3_bind_text(st, 9, m->modem, -1, SQLITE_STATIC);
	if (m->sent_at != 0)
		sqlite3_bind_int64(st, 10, (sqlite3_int64)m->sent_at);
	if (db_step_done(db, st) == -1)
		return -1;
	m->id = sqlite3_last_insert_rowid(db->h);
	return 0;
}

#define OUTBOX_COLUMNS "id, ifnull(inbox_id, 0), phone, text, priority, state," \
	" ifnull(modem, ''), ifnull(parts, 0), tries, ifnull(last_error, '')," \
	" next_try_at, created_at, ifnull(sent_at, 0), channel," \
	" ifnull((SELECT i.modem FROM inbox i WHERE i.id = outbox.inbox_id), '')," \
	" ifnull(dlr, '')"

static int
outbox_iterate(struct db *db, sqlite3_stmt *st, outbox_cb cb, void *arg)
{
	struct outbox_msg m;
	int rc, n = 0;

	/* Rows are handed out one at a time; callbacks must not write. */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&m, 0, sizeof(m));
		m.id = sqlite3_column_int64(st, 0);
		m.inbox_id = sqlite3_column_int64(st, 1);
		m.priority = (enum outbox_priority)sqlite3_column_int(st, 4);
		m.state = (enum outbox_state)state_index(outbox_states, 3,
		    (const char *)sqlite3_column_text(st, 5));
		m.parts = sqlite3_column_int(st, 7);
		m.tries = sqlite3_column_int(st, 8);
		m.next_try_at = (time_t)sqlite3_column_int64(st, 10);
		m.created_at = (time_t)sqlite3_column_int64(st, 11);
		m.sent_at = (time_t)sqlite3_column_int64(st, 12);
		m.text = (char *)sqlite3_column_text(st, 3);
		/* An SMS must not go out empty or to nobody for want of memory. */
		if ((m.text == NULL && sqlite3_column_type(st, 3) != SQLITE_NULL) ||
		    db_column_text(db, st, 2, m.phone, sizeof(m.phone)) == -1 ||
		    db_column_text(db, st, 6, m.modem, sizeof(m.modem)) == -1 ||
		    db_column_text(db, st, 9, m.last_error,
		    sizeof(m.last_error)) == -1 ||
		    db_column_text(db, st, 14, m.link, sizeof(m.link)) == -1 ||
		    db_column_text(db, st, 15, m.dlr, sizeof(m.dlr)) == -1) {
			if (m.text == NULL)
				db_log(db, "outbox text");
			sqlite3_reset(st);
			return -1;
		}
		if (m.text == NULL)
			m.text = (char *)"";
		m.channel = (enum channel)state_index(channels, 3,
		    (const char *)sqlite3_column_text(st, 13));
		n++;
		if (cb(&m, arg) == -1) {
			sqlite3_reset(st);
			return -1;
		}
	}
	return db_rows_end(db, st, rc, "outbox scan") == -1 ? -1 : n;
}

int
outbox_foreach_due(struct db *db, time_t now, int max, outbox_cb cb, void *arg)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " OUTBOX_COLUMNS " FROM outbox"
	    " WHERE state = 'antri' AND next_try_at <= ?"
	    " ORDER BY priority, next_try_at, id LIMIT ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)now);
	sqlite3_bind_int(st, 2, max);
	return outbox_iterate(db, st, cb, arg);
}

int
outbox_foreach(struct db *db, int64_t since_id, outbox_cb cb, void *arg)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " OUTBOX_COLUMNS " FROM outbox"
	    " WHERE id > ? ORDER BY id");

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, since_id);
	return outbox_iterate(db, st, cb, arg);
}

int
outbox_foreach_inbox(struct db *db, int64_t inbox_id, outbox_cb cb, void *arg)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " OUTBOX_COLUMNS " FROM outbox"
	    " WHERE inbox_id = ? ORDER BY id");

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, inbox_id);
	return outbox_iterate(db, st, cb, arg);
}

int
outbox_mark_sent(struct db *db, int64_t id, const char *modem, int parts,
    time_t at)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE outbox SET state = 'terkirim',"
	    " modem = ?, parts = ?, tries = tries + 1, sent_at = ?"
	    " WHERE id = ? AND state = 'antri'");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, modem, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, parts);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)at);
	sqlite3_bind_int64(st, 4, id);
	return db_step_done(db, st);
}

int
outbox_mark_retry(struct db *db, int64_t id, const char *modem,
    const char *error, time_t next_try_at, int failed)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE outbox SET modem = ?,"
	    " last_error = ?, tries = tries + 1, next_try_at = ?,"
	    " state = CASE WHEN ? THEN 'gagal' ELSE state END"
	    " WHERE id = ? AND state = 'antri'");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, modem, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, error, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)next_try_at);
	sqlite3_bind_int(st, 4, failed);
	sqlite3_bind_int64(st, 5, id);
	return db_step_done(db, st);
}

int
outbox_count(struct db *db, enum outbox_state s, int64_t *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM outbox WHERE state = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, outbox_state_name(s), -1, SQLITE_STATIC);
	return db_one_int64(db, st, n) == 1 ? 0 : -1;
}

int
outbox_tries(struct db *db, int64_t id, int64_t *tries)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT tries FROM outbox WHERE id = ?");
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	*tries = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	return db_lookup_end(db, st, rc, "outbox tries") == -1 ? -1 : 0;
}

int
outbox_max_id(struct db *db, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT ifnull(max(id), 0) FROM outbox");

	if (st == NULL)
		return -1;
	*id = 0;
	return db_one_int64(db, st, id) == 1 ? 0 : -1;
}

int
outbox_foreach_state(struct db *db, int state, outbox_cb cb, void *arg)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " OUTBOX_COLUMNS " FROM outbox"
	    " WHERE ?1 = -1 OR state = ?2 ORDER BY id");

	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, state);
	sqlite3_bind_text(st, 2, state >= 0 ?
	    outbox_state_name((enum outbox_state)state) : "", -1, SQLITE_STATIC);
	return outbox_iterate(db, st, cb, arg);
}

int
inbox_count(struct db *db, enum inbox_state s, int64_t *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM inbox WHERE state = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, inbox_state_name(s), -1, SQLITE_STATIC);
	return db_one_int64(db, st, n) == 1 ? 0 : -1;
}

/* Rows in state s received since `since`: what a rate window holds now. */
int
inbox_count_state_since(struct db *db, enum inbox_state s, time_t since,
    int64_t *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM inbox"
	    " WHERE state = ? AND received_at >= ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, inbox_state_name(s), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)since);
	return db_one_int64(db, st, n) == 1 ? 0 : -1;
}

int
inbox_state_of(struct db *db, int64_t id, enum inbox_state *state)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT state FROM inbox WHERE id = ?");
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*state = (enum inbox_state)state_index(inbox_states, 5,
		    (const char *)sqlite3_column_text(st, 0));
	return db_lookup_end(db, st, rc, "inbox state");
}

int
outbox_answer(struct db *db, int64_t inbox_id, enum channel ch, char **text)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT text FROM outbox"
	    " WHERE inbox_id = ? AND channel = ? ORDER BY id DESC LIMIT 1");
	int rc;

	*text = NULL;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, inbox_id);
	sqlite3_bind_text(st, 2, channel_name(ch), -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW &&
	    (*text = strdup((const char *)sqlite3_column_text(st, 0))) == NULL)
		rc = SQLITE_NOMEM;
	return db_lookup_end(db, st, rc, "outbox answer");
}

int
outbox_set_dlr(struct db *db, int64_t id, const char *dlr, time_t at)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE outbox SET dlr = ?, dlr_at = ?"
	    " WHERE id = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, dlr, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)at);
	sqlite3_bind_int64(st, 3, id);
	if (db_step_done(db, st) == -1)
		return -1;
	return sqlite3_changes(db->h) > 0;
}
