/*
 * One incoming SMS from start to finish: who sent it, whether to answer at
 * all, the parse, the role and PIN checks, the command, and the inbox
 * row's new state.  Every channel calls this inside its own transaction,
 * so the effects of a message and the messages it causes commit together.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "handlers/handlers.h"

static int
finish(struct hctx *ctx, enum inbox_state state, const char *text,
    const char *command)
{
	return inbox_finish(ctx->db, ctx->inbox_id, state, text, command, ctx->now);
}

static const char *
roles_text(unsigned roles, char *buf, size_t len)
{
	unsigned bit;
	size_t o = 0;

	buf[0] = '\0';
	for (bit = ROLE_KASIR; bit <= ROLE_KETUA; bit <<= 1) {
		if (!(roles & bit))
			continue;
		o += (size_t)snprintf(buf + o, len - o, "%s%s", o ? "/" : "",
		    role_name((enum role)bit));
		if (o >= len)
			break;
	}
	return buf;
}

/* Officers record a whole market day; only members and strangers are capped. */
static int
rate_exceeded(struct hctx *ctx, int *exceeded)
{
	int64_t n;

	*exceeded = 0;
	if (ctx->registered && (ctx->me.role & ROLE_OFFICERS))
		return 0;
	if (inbox_count_since(ctx->db, ctx->sender,
	    ctx->now - ctx->rules->rate_per_seconds + 1, ctx->inbox_id,
	    (int64_t)ctx->rules->rate_messages + 1, &n) == -1)
		return -1;
	*exceeded = n > ctx->rules->rate_messages;
	return 0;
}

/*
 * Beyond the rate she hears once when to try again, then nothing until
 * that time: what she sends meanwhile cannot draw another SMS, so no
 * machine answering machines can loop with the gateway.
 */
static int
rate_notice(struct hctx *ctx)
{
	time_t until = ctx->now + ctx->rules->rate_per_seconds;
	struct tm tm;
	int rc;

	/* Up to the next whole minute, so "after 10.40" is really after. */
	until += (60 - until % 60) % 60;
	if ((rc = notice_once_until(ctx->db, ctx->sender, "dibatasi", ctx->now,
	    until)) != 0)
		return rc == 1 ? 0 : -1;
	localtime_r(&until, &tm);
	return reply(ctx, "Terlalu banyak SMS. Coba lagi setelah pukul %02d.%02d.",
	    tm.tm_hour, tm.tm_min);
}

/* A stranger asking for a member's command hears whom to ask, once a day. */
static int
refuse_stranger(struct hctx *ctx)
{
	int rc = notice_once_per_day(ctx->db, ctx->sender, "belum_terdaftar",
	    ctx->today);

	char text[320];

	if (rc != 0)
		return rc;
	/* A long cooperative name must not push the notice into two SMS. */
	snprintf(text, sizeof(text), "Nomor Anda belum terdaftar di %s. Hubungi"
	    " pengurus koperasi. Ketik HARGA untuk harga sembako.",
	    ctx->rules->cooperative);
	if (sms_parts(text) > 1)
		snprintf(text, sizeof(text), "Nomor Anda belum terdaftar di"
		    " koperasi ini. Hubungi pengurus koperasi. Ketik HARGA untuk"
		    " harga sembako.");
	return reply(ctx, "%s", text);
}

static int
may_use(const struct hctx *ctx, const struct handler_entry *e)
{
	return ctx->registered ? (e->roles & ctx->me.role) != 0 : e->public_;
}

/* The form of e this sender would use: a member's own SIMPAN, one price. */
static const char *
example_of(const struct hctx *ctx, const struct handler_entry *e)
{
	if (e == &handler_simpan && !(ctx->me.role & (ROLE_KASIR | ROLE_BENDAHARA)))
		return e->forms[1].usage;
	if (e == &handler_harga)
		return e->forms[3].usage;
	return e->forms[0].usage;
}

/*
 * A greeting, a thank-you or a question is no command, but it is someone
 * asking: answer as the clerk would, with what to type for what she seems
 * to want (the keyword she mentioned, else her balance or the prices).
 */
static int
answer_unknown(struct hctx *ctx, const struct parsed *p)
{
	const struct handler_entry *e = p->hint;
	char ex[160];
	const char *open = p->err == PARSE_COURTESY && p->thanks ? "Sama-sama." :
	    p->greeting || p->err == PARSE_COURTESY ? "Halo!" :
	    "Maaf, pesan belum kami pahami.";

	if (e == NULL || !may_use(ctx, e))
		e = ctx->registered ? &handler_saldo : &handler_harga;
	if (!ctx->registered && e == &handler_harga && p->hint == NULL)
		return reply(ctx, "%s Ketik HARGA untuk daftar harga sembako."
		    " Untuk simpan pinjam, hubungi pengurus koperasi.", open);
	return reply(ctx, "%s %s. Ketik BANTUAN untuk perintah lain.", open,
	    usage_example(p, example_of(ctx, e), ex, sizeof(ex)));
}

static int
refuse_unparsed(struct hctx *ctx, const struct parsed *p)
{
	char why[320];

	/* Before the form: the form of a command she cannot use helps no one. */
	if (!ctx->registered && p->entry != NULL && !p->entry->public_)
		return refuse_stranger(ctx);
	if (p->err == PARSE_UNKNOWN_COMMAND || p->err == PARSE_EMPTY ||
	    p->err == PARSE_COURTESY)
		return answer_unknown(ctx, p);
	return reply(ctx, "%s", parse_error_text(p, why, sizeof(why)));
}

static int
form_has_pin(const struct parsed *p)
{
	return strchr(p->entry->forms[p->form].slots, 'P') != NULL;
}

/* 1 go on, 0 refused with a reply already queued, -1 error. */
static int
check_pin(struct hctx *ctx, const struct parsed *p)
{
	int ok, locked, left;
	char who[48];

	if (ctx->me.locked)
		return reply(ctx, "PIN Anda terkunci. Hubungi pengurus koperasi"
		    " untuk membukanya.") == -1 ? -1 : 0;
	if (!ctx->me.has_pin)
		return reply(ctx, "PIN Anda belum diatur. Hubungi pengurus"
		    " koperasi.") == -1 ? -1 : 0;
	ok = pin_check(ctx->db, ctx->key, ctx->rules, &ctx->me, p->pin,
	    ctx->now, &locked);
	if (ok != 0)
		return ok;
	if (locked) {
		/* A kasir locked out on market day is the treasurer's to solve. */
		if (tell_treasurer(ctx, ctx->rules->alert_per_pin_lock, 0, "PIN %s"
		    " (%s) terkunci setelah %d kali salah. Buka dengan kopdesctl"
		    " member unlock %s.", member_label(&ctx->me, who, sizeof(who)),
		    role_name(ctx->me.role), ctx->me.failed_tries,
		    ctx->me.number) == -1)
			return -1;
		return reply(ctx, "PIN salah %d kali. PIN Anda terkunci; hubungi"
		    " pengurus koperasi.", ctx->me.failed_tries) == -1 ? -1 : 0;
	}
	left = ctx->rules->pin_max_tries - ctx->me.failed_tries;
	return reply(ctx, "PIN salah. Sisa %d kali lagi sebelum PIN terkunci.",
	    left) == -1 ? -1 : 0;
}

static int
run_command(struct hctx *ctx, const struct parsed *p)
{
	const struct handler_entry *e = p->entry;
	char roles[48];
	int rc;

	if (!ctx->registered && (!e->public_ || form_has_pin(p)))
		return refuse_stranger(ctx);
	if (ctx->registered && !(e->roles & ctx->me.role))
		return reply(ctx, "Maaf, perintah %s hanya untuk %s.", e->name,
		    roles_text(e->roles, roles, sizeof(roles)));
	if (form_has_pin(p) && (rc = check_pin(ctx, p)) != 1)
		return rc;

	/* A command that fails half way leaves nothing behind. */
	if (db_savepoint(ctx->db) == -1)
		return -1;
	ctx->cmd = p;
	if (e->exec(ctx) == -1) {
		db_rollback_savepoint(ctx->db);
		return -1;
	}
	return db_release(ctx->db);
}

void
hctx_from_env(const struct handlers_env *env, struct hctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->db = env->db;
	ctx->rules = env->rules;
	ctx->key = env->key;
	ctx->now = env->now;
	ctx->sink = env->sink;
	ctx->sender = "";
	date_of(env->now, ctx->today);
}

int
handle_message(const struct handlers_env *env, struct inbox_msg *m)
{
	struct hctx ctx;
	struct parsed p;
	char sender[24];
	int exceeded, rc;

	hctx_from_env(env, &ctx);
	ctx.inbox_id = m->id;

	if (!sender_is_person(m->sender) ||
	    phone_normalize(m->sender, sender, sizeof(sender)) == -1) {
		redact_unparsed(m->text, strlen(m->text), p.redacted,
		    sizeof(p.redacted));
		return finish(&ctx, INBOX_DIABAIKAN, p.redacted, NULL);
	}
	ctx.sender = sender;
	if ((rc = member_by_phone(ctx.db, sender, &ctx.me)) == -1)
		return -1;
	ctx.registered = rc;
	if (rate_exceeded(&ctx, &exceeded) == -1)
		return -1;
	if (exceeded) {
		redact_unparsed(m->text, strlen(m->text), p.redacted,
		    sizeof(p.redacted));
		if (rate_notice(&ctx) == -1)
			return -1;
		return finish(&ctx, INBOX_DIBATASI, p.redacted, NULL);
	}

	rc = parse_command(m->text, strlen(m->text), &p);
	/* Replies are checked against what the sender typed (reply_guard.c). */
	ctx.cmd = &p;
	/* An amount or code the parse kept may be the PIN all the same. */
	if (ctx.registered)
		pin_runs_hide_pin(ctx.key, &ctx.me, p.redacted, sizeof(p.redacted));
	if (rc == -1) {
		redact_unparsed(m->text, strlen(m->text), p.redacted,
		    sizeof(p.redacted));
		if (refuse_unparsed(&ctx, &p) == -1)
			return -1;
		return finish(&ctx, INBOX_SELESAI, p.redacted, NULL);
	}
	if (run_command(&ctx, &p) == -1) {
		/* Without the savepoint to undo it, the whole batch is redone. */
		if (ctx.db->savepoint_undone)
			return -1;
		/* The sender is told; the row records the failure for the operator. */
		log_warnx("inbox %lld: %s failed", (long long)m->id, p.entry->name);
		if (reply(&ctx, "Maaf, terjadi gangguan. Silakan coba lagi nanti.") == -1)
			return -1;
		return finish(&ctx, INBOX_GAGAL, p.redacted, p.entry->name);
	}
	return finish(&ctx, INBOX_SELESAI, p.redacted, p.entry->name);
}
