/*
 * Posting a deposit.  An officer's SIMPAN, TERIMA of a member's announced
 * deposit and `kopdesctl deposit confirm` all end here, so the entry and
 * the people told about it are the same whichever way the cash came in.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "handlers/handlers.h"

#define FIRST_NAME_MAX 15	/* keeps two names and the figures in one SMS */

/* Titles before a name and degrees after it are not what she is called. */
static const char *const titles[] = {
	"hj", "h", "hajjah", "haji", "ir", "dr", "drs", "dra", "prof", "ibu", "bu",
	"bapak", "pak", "bpk", "sdr", "sdri", "ny", "nn", "tn", "kh", "ust",
	"ustadz", "ustadzah", "st", "raden", "rd", NULL
};

static int
is_title(const char *w, size_t n)
{
	const char *const *t;

	while (n > 0 && (w[n - 1] == '.' || w[n - 1] == ','))
		n--;
	for (t = titles; *t != NULL; t++)
		if (strlen(*t) == n && strncasecmp(*t, w, n) == 0)
			return 1;
	return 0;
}

/* The name she is called by: Hj. Nurbaya, S.Pd is Nurbaya. */
const char *
member_short_name(const char *name, char *buf, size_t len)
{
	const char *p = name, *first = NULL;
	size_t n = 0;

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		n = strcspn(p, " ");
		if (n == 0)
			break;
		if (first == NULL)
			first = p;
		if (!is_title(p, n))
			break;
		p += n;
	}
	if (*p == '\0' || n == 0) {	/* titles only: keep what there is */
		p = first != NULL ? first : name;
		n = strcspn(p, " ");
	}
	n = strcspn(p, ",");
	if (n > strcspn(p, " "))
		n = strcspn(p, " ");
	if (n > FIRST_NAME_MAX)
		n = FIRST_NAME_MAX;
	snprintf(buf, len, "%.*s", (int)n, p);
	return buf;
}

const char *
member_label(const struct member *m, char *buf, size_t len)
{
	char name[FIRST_NAME_MAX + 1];

	snprintf(buf, len, "%s %s", m->number, member_short_name(m->name, name,
	    sizeof(name)));
	return buf;
}

struct deposit_alert {
	struct hctx	*ctx;
	int64_t		 officer_id;
	int64_t		 member_id;
	const char	*text;
};

/*
 * The officer who recorded the deposit has her receipt and the member her
 * confirmation; a bendahara who is either needs no third SMS about it.
 */
static int
deposit_alert_one(const struct member *b, void *arg)
{
	struct deposit_alert *da = arg;

	if (b->id == da->officer_id || b->id == da->member_id)
		return 0;
	return notify(da->ctx, b->phone, PRIO_ALERT, "%s", da->text);
}

static int
deposit_tell(struct hctx *ctx, const struct member *m, int64_t amount,
    enum saving_type type, int64_t officer_id, const char *ref, int64_t balance)
{
	struct deposit_alert da;
	struct member officer;
	char rp[32], bal[32], who[48], by[80], text[200];
	const char *tname = saving_type_name(type);
	int rc;

	fmt_rp(amount, rp, sizeof(rp));
	/* Depositing for herself, the officer reads all of it on her receipt. */
	if (m->id != officer_id) {
		if (notify(ctx, m->phone, PRIO_ALERT, "Setoran simpanan %s %s"
		    " diterima. Saldo %s Anda %s. Ref %s.", tname, rp, tname,
		    fmt_rp(balance, bal, sizeof(bal)), ref) == -1)
			return -1;
	}

	snprintf(by, sizeof(by), "pengurus koperasi");
	if (officer_id != 0) {
		if ((rc = member_by_id(ctx->db, officer_id, &officer)) == -1)
			return -1;
		if (rc == 1)
			snprintf(by, sizeof(by), "%s %s", role_name(officer.role),
			    member_label(&officer, who, sizeof(who)));
	}
	snprintf(text, sizeof(text), "Setoran %s %s simpanan %s, dicatat %s."
	    " Ref %s.", member_label(m, who, sizeof(who)), rp, tname, by, ref);
	da.ctx = ctx;
	da.officer_id = officer_id;
	da.member_id = m->id;
	da.text = text;
	/* With per-deposit alerts off, the treasurer reads the daily summary. */
	if (!ctx->rules->alert_per_deposit)
		return 0;
	return member_foreach_role(ctx->db, ROLE_BENDAHARA, deposit_alert_one, &da);
}

int
deposit_post(struct hctx *ctx, const struct member *m, int64_t amount,
    enum saving_type type, int64_t officer_id, int64_t *journal_id,
    char ref[LEDGER_REF_LEN], int64_t *balance)
{
	struct ledger_entry e;
	struct ledger_line l[2];
	int64_t after;
	char code[32], memo[48];
	const char *tname = saving_type_name(type);

	memset(l, 0, sizeof(l));
	snprintf(code, sizeof(code), "simpanan_%s", tname);
	if (account_id(ctx->db, "kas", 0, &l[0].account_id) != 1 ||
	    account_id(ctx->db, code, m->id, &l[1].account_id) != 1) {
		log_warnx("deposit: no %s account for member %s", code, m->number);
		return -1;
	}
	l[0].debit = amount;
	l[1].credit = amount;

	snprintf(memo, sizeof(memo), "setoran simpanan %s", tname);
	memset(&e, 0, sizeof(e));
	e.kind = "setoran";
	e.memo = memo;
	e.member_id = m->id;
	e.officer_id = officer_id;
	e.inbox_id = ctx->inbox_id;
	e.at = ctx->now;
	if (ledger_post(ctx->db, &e, l, 2, journal_id, ref) == -1 ||
	    account_balance(ctx->db, l[1].account_id, &after) != 1)
		return -1;
	if (balance != NULL)
		*balance = after;
	return deposit_tell(ctx, m, amount, type, officer_id, ref, after);
}

int
deposit_receive(struct hctx *ctx, const char *code, int64_t officer_id,
    struct pending_deposit *d, struct member *m, char ref[LEDGER_REF_LEN])
{
	int64_t journal_id;
	int rc;

	if ((rc = deposit_by_code(ctx->db, code, d)) != 1)
		return rc;
	/* Cash is counted once: a second TERIMA of the same code posts nothing. */
	if (d->state == DEPOSIT_DITERIMA)
		return -2;
	if ((rc = member_by_id(ctx->db, d->member_id, m)) != 1) {
		if (rc == 0)
			log_warnx("deposit %s: no member %lld", d->code,
			    (long long)d->member_id);
		return -1;
	}
	if (deposit_post(ctx, m, d->amount, d->type, officer_id, &journal_id,
	    ref, NULL) == -1)
		return -1;
	return deposit_confirm(ctx->db, d->id, officer_id, journal_id, ctx->now) ==
	    -1 ? -1 : 1;
}
