/*
 * Test fixtures: a real SQLite file in a temporary folder, the real
 * handlers, the real outbox.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "tests/support/support.h"

struct fixture *
fixture_open(void)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char tmpl[] = "/tmp/kopdes-test-XXXXXX";

	if (f == NULL || mkdtemp(tmpl) == NULL)
		abort();
	snprintf(f->dir, sizeof(f->dir), "%s", tmpl);
	snprintf(f->dbpath, sizeof(f->dbpath), "%s/kopdes.db", f->dir);
	if (db_open(&f->db, f->dbpath) == -1)
		abort();
	rules_default(&f->rules);
	if (sodium_init() == -1)
		abort();
	randombytes_buf(f->key.k, sizeof(f->key.k));
	f->env.db = &f->db;
	f->env.rules = &f->rules;
	f->env.key = &f->key;
	fixture_set_today(f, "2026-11-23");
	return f;
}

void
fixture_close(struct fixture *f)
{
	char path[400];

	checkpointer_stop(f->ckpt);
	db_close(&f->db);
	snprintf(path, sizeof(path), "%s/kopdes.db", f->dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/kopdes.db-wal", f->dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/kopdes.db-shm", f->dir);
	unlink(path);
	rmdir(f->dir);
	free(f);
}

int
fixture_checkpointer(struct fixture *f)
{
	f->ckpt = checkpointer_start(&f->db);
	return f->ckpt != NULL ? 0 : -1;
}

void
fixture_set_today(struct fixture *f, const char *ymd)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (sscanf(ymd, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
		abort();
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_hour = 9;
	tm.tm_isdst = -1;
	f->now = mktime(&tm);
	f->env.now = f->now;
}

int64_t
fixture_member(struct fixture *f, const char *number, const char *phone,
    const char *name, const char *role, const char *pin)
{
	struct member m;
	enum role r;

	memset(&m, 0, sizeof(m));
	snprintf(m.number, sizeof(m.number), "%s", number ? number : "");
	if (phone_normalize(phone, m.phone, sizeof(m.phone)) == -1)
		abort();
	snprintf(m.name, sizeof(m.name), "%s", name);
	if (role_parse(role, &r) == -1)
		abort();
	m.role = r;
	if (member_insert(&f->db, &m) == -1)
		abort();
	if (pin != NULL && pin_set(&f->db, &f->key, m.id, pin) == -1)
		abort();
	return m.id;
}

static int
collect(struct outbox_msg *m, void *arg)
{
	struct fixture *f = arg;

	if (f->nsms >= FIXTURE_SMS_MAX)
		return 0;
	snprintf(f->sms[f->nsms].phone, sizeof(f->sms[0].phone), "%s", m->phone);
	snprintf(f->sms[f->nsms].text, sizeof(f->sms[0].text), "%s", m->text);
	f->sms[f->nsms].priority = (int)m->priority;
	f->nsms++;
	return 0;
}

int
fixture_sms(struct fixture *f, const char *from, const char *text)
{
	int64_t id;

	f->nsms = 0;
	f->env.now = f->now;
	if (sim_message(&f->env, from, text, &id) == -1)
		return -1;
	if (outbox_foreach_inbox(&f->db, id, collect, f) == -1)
		return -1;
	return f->nsms;
}

const char *
fixture_sms_to(struct fixture *f, const char *phone)
{
	char e164[24];
	int i;

	if (phone_normalize(phone, e164, sizeof(e164)) == -1)
		return NULL;
	for (i = 0; i < f->nsms; i++)
		if (strcmp(f->sms[i].phone, e164) == 0)
			return f->sms[i].text;
	return NULL;
}

int64_t
fixture_balance(struct fixture *f, const char *number, const char *code)
{
	struct member m;
	int64_t b;

	if (member_by_number(&f->db, number, &m) != 1 ||
	    member_balance(&f->db, m.id, code, &b) == -1)
		abort();
	return b;
}

int64_t
fixture_kas(struct fixture *f)
{
	int64_t id, b;

	if (account_id(&f->db, "kas", 0, &id) != 1 ||
	    account_balance(&f->db, id, &b) != 1)
		abort();
	return b;
}

int64_t
fixture_int64(struct fixture *f, const char *sql)
{
	sqlite3_stmt *st;
	int64_t n;

	if (sqlite3_prepare_v2(f->db.h, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW)
		abort();
	n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

void
fixture_daemon_config(struct fixture *f, struct config *cfg,
    const char *keypath)
{
	config_default(cfg);
	snprintf(cfg->database, sizeof(cfg->database), "%s", f->dbpath);
	snprintf(cfg->pin_key_file, sizeof(cfg->pin_key_file), "%s", keypath);
	snprintf(cfg->modems[0].name, sizeof(cfg->modems[0].name), "modem1");
	snprintf(cfg->modems[0].model, sizeof(cfg->modems[0].model), "dummy");
	snprintf(cfg->modems[0].connection, sizeof(cfg->modems[0].connection),
	    "none");
	snprintf(cfg->modems[0].device, sizeof(cfg->modems[0].device),
	    "%s/phone", f->dir);
	cfg->nmodems = 1;
	cfg->poll_seconds = 1;
	cfg->outbox_retry_seconds = 1;
}

int64_t
fixture_count(struct fixture *f, const char *table)
{
	char sql[128];
	sqlite3_stmt *st;
	int64_t n = -1;

	/* Test-only and table names are ours: the one string-built query. */
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", table);
	if (sqlite3_prepare_v2(f->db.h, sql, -1, &st, NULL) != SQLITE_OK)
		abort();
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void
print_problem(const char *problem, void *arg)
{
	(void)arg;
	fprintf(stderr, "ledger problem: %s\n", problem);
}

int
fixture_ledger_problems(struct fixture *f)
{
	return ledger_check(&f->db, print_problem, NULL);
}
