/* TARIK: an officer pays out of a member's simpanan sukarela. */
#include <string.h>

#include "handlers/handlers.h"

static int tarik_exec(struct hctx *);

const struct handler_entry handler_tarik = {
	"TARIK", { NULL }, ROLE_KASIR | ROLE_BENDAHARA, 0,
	{ { "MAP", "Ketik TARIK, no. anggota, jumlah, PIN; mis. TARIK A017"
	    " 100rb 1234" }, { NULL, NULL } },
	tarik_exec, "TARIK NO JUMLAH PIN: penarikan sukarela"
};

static int
tarik_post(struct hctx *ctx, const struct member *m, int64_t amount,
    int64_t sukarela_id, int64_t kas_id, char ref[LEDGER_REF_LEN])
{
	struct ledger_entry e;
	struct ledger_line l[2];

	memset(l, 0, sizeof(l));
	l[0].account_id = sukarela_id;
	l[0].debit = amount;
	l[1].account_id = kas_id;
	l[1].credit = amount;
	memset(&e, 0, sizeof(e));
	e.kind = "penarikan";
	e.memo = "penarikan simpanan sukarela";
	e.member_id = m->id;
	e.officer_id = ctx->me.id;
	e.inbox_id = ctx->inbox_id;
	e.at = ctx->now;
	return ledger_post(ctx->db, &e, l, 2, NULL, ref);
}

/*
 * Only sukarela can be drawn: pokok and wajib stay while she is a member.
 * Everything is checked before the entry, so a refusal writes nothing.
 */
static int
tarik_exec(struct hctx *ctx)
{
	const struct parsed *p = ctx->cmd;
	struct member m;
	int64_t sukarela_id, kas_id, sukarela, kas;
	char ref[LEDGER_REF_LEN], who[48], rp[32], bal[32], by[48];
	int rc;

	if ((rc = member_resolve(ctx, p->member, p->member_is_phone, &m)) == -1)
		return -1;
	if (rc == 0)
		return reply(ctx, "Anggota %s tidak terdaftar. Penarikan tidak"
		    " dicatat.", p->member);
	member_label(&m, who, sizeof(who));
	fmt_rp(p->amount, rp, sizeof(rp));
	if (account_id(ctx->db, "simpanan_sukarela", m.id, &sukarela_id) != 1 ||
	    account_balance(ctx->db, sukarela_id, &sukarela) != 1 ||
	    account_id(ctx->db, "kas", 0, &kas_id) != 1 ||
	    account_balance(ctx->db, kas_id, &kas) != 1)
		return -1;
	if (p->amount > sukarela)
		return reply(ctx, "Penarikan %s ditolak: saldo sukarela %s hanya"
		    " %s.", rp, who, fmt_rp(sukarela, bal, sizeof(bal)));
	if (p->amount > kas)
		return reply(ctx, "Penarikan %s ditolak: kas koperasi hanya %s.",
		    rp, fmt_rp(kas, bal, sizeof(bal)));

	if (tarik_post(ctx, &m, p->amount, sukarela_id, kas_id, ref) == -1)
		return -1;
	fmt_rp(sukarela - p->amount, bal, sizeof(bal));
	/* Drawing for herself, the officer reads it all on her receipt. */
	if (m.id != ctx->me.id && notify(ctx, m.phone, PRIO_ALERT, "Penarikan"
	    " simpanan sukarela %s. Saldo sukarela Anda %s. Ref %s.", rp, bal,
	    ref) == -1)
		return -1;
	if (tell_treasurer(ctx, ctx->rules->alert_per_withdrawal, m.id,
	    "Penarikan %s %s dari sukarela, dicatat %s. Ref %s.", who, rp,
	    officer_words(ctx, by, sizeof(by)), ref) == -1)
		return -1;
	return reply(ctx, "Penarikan dicatat: %s %s dari simpanan sukarela."
	    " Sisa sukarela %s. Ref %s.", who, rp, bal, ref);
}
