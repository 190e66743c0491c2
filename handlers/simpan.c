/*
 * SIMPAN and TERIMA: deposits.  An officer's SIMPAN posts at once; a
 * member's SIMPAN is a pending deposit that posts when an officer TERIMAs it.
 */
#include <stdio.h>
#include <string.h>

#include "handlers/handlers.h"

static int simpan_exec(struct hctx *);
static int terima_exec(struct hctx *);

const struct handler_entry handler_simpan = {
	"SIMPAN", { "SETOR", NULL }, ROLE_ANY_MEMBER, 0,
	{ { "MAtP", "Ketik SIMPAN, no. anggota, jumlah, [jenis], PIN; mis."
	    " SIMPAN A017 50rb WAJIB 1234" },
	  { "AtP", "Ketik SIMPAN, jumlah, [jenis], PIN Anda; mis. SIMPAN 50rb"
	    " 1234" },
	  { NULL, NULL } },
	simpan_exec, "SIMPAN JUMLAH PIN: lapor setoran"
};

const struct handler_entry handler_terima = {
	"TERIMA", { NULL }, ROLE_KASIR | ROLE_BENDAHARA, 0,
	{ { "CP", "Ketik TERIMA, kode setoran, PIN; mis. TERIMA S0042 1234" },
	  { NULL, NULL } },
	terima_exec, "TERIMA KODE PIN: terima setoran anggota"
};

#define SIMPAN_FORM_OFFICER	0	/* SIMPAN MEMBER AMOUNT [TYPE] PIN */
#define DEPOSIT_TAKERS		(ROLE_KASIR | ROLE_BENDAHARA)

static enum saving_type
simpan_type(const struct parsed *p)
{
	return p->has_type ? p->type : SAVING_SUKARELA;
}

/*
 * The officer's receipt carries the new balance too, since an officer
 * depositing for herself gets no separate confirmation.
 */
static int
simpan_receipt(struct hctx *ctx, const char *what, const struct member *m,
    int64_t amount, enum saving_type type, const char *ref,
    const int64_t *posted)
{
	const char *tname = saving_type_name(type);
	char who[48], rp[32], bal[32], code[32];
	int64_t balance;

	/* The balance the posting left, when the caller has it. */
	snprintf(code, sizeof(code), "simpanan_%s", tname);
	if (posted != NULL)
		balance = *posted;
	else if (member_balance(ctx->db, m->id, code, &balance) == -1)
		return -1;
	return reply(ctx, "%s: %s %s simpanan %s. Saldo %s %s. Ref %s.", what,
	    member_label(m, who, sizeof(who)), fmt_rp(amount, rp, sizeof(rp)),
	    tname, tname, fmt_rp(balance, bal, sizeof(bal)), ref);
}

static int
simpan_officer(struct hctx *ctx)
{
	const struct parsed *p = ctx->cmd;
	struct member m;
	char ref[LEDGER_REF_LEN];
	int64_t balance;
	int rc;

	char ex[160];

	if (!(ctx->me.role & DEPOSIT_TAKERS))
		return reply(ctx, "Maaf, SIMPAN untuk anggota lain hanya untuk"
		    " kasir/bendahara. Untuk setoran Anda sendiri, k%s.",
		    usage_example(p, handler_simpan.forms[1].usage + 1, ex,
		    sizeof(ex)));
	if ((rc = member_resolve(ctx, p->member, p->member_is_phone, &m)) == -1)
		return -1;
	if (rc == 0)
		return reply(ctx, "Anggota %s tidak terdaftar. Setoran tidak"
		    " dicatat.", p->member);
	if (deposit_post(ctx, &m, p->amount, simpan_type(p), ctx->me.id, NULL,
	    ref, &balance) == -1)
		return -1;
	return simpan_receipt(ctx, "Setoran dicatat", &m, p->amount,
	    simpan_type(p), ref, &balance);
}

/*
 * A member announces cash she will bring.  Nothing posts until an officer
 * has the money in hand, so officers get the code to confirm it with.
 */
static int
simpan_announce(struct hctx *ctx)
{
	const struct parsed *p = ctx->cmd;
	struct pending_deposit d;
	char who[48], rp[32];
	const char *tname;

	memset(&d, 0, sizeof(d));
	d.member_id = ctx->me.id;
	d.amount = p->amount;
	d.type = simpan_type(p);
	d.created_at = ctx->now;
	if (deposit_insert(ctx->db, &d) == -1)
		return -1;
	tname = saving_type_name(d.type);
	fmt_rp(d.amount, rp, sizeof(rp));
	if (reply(ctx, "Setoran %s simpanan %s dicatat, kode %s. Bawa uang ke"
	    " kasir, sebut kode %s. Saldo bertambah setelah kasir menerima.",
	    rp, tname, d.code, d.code) == -1)
		return -1;
	return notify_roles(ctx, DEPOSIT_TAKERS, ctx->me.id, PRIO_ALERT,
	    "Setoran menunggu %s: %s %s simpanan %s. Setelah uang diterima,"
	    " kirim TERIMA %s PIN.", d.code,
	    member_label(&ctx->me, who, sizeof(who)), rp, tname, d.code);
}

static int
simpan_exec(struct hctx *ctx)
{
	if (ctx->cmd->form == SIMPAN_FORM_OFFICER)
		return simpan_officer(ctx);
	return simpan_announce(ctx);
}

static int
terima_exec(struct hctx *ctx)
{
	const struct parsed *p = ctx->cmd;
	struct pending_deposit d;
	struct member m;
	char ref[LEDGER_REF_LEN], what[32];

	switch (deposit_receive(ctx, p->code, ctx->me.id, &d, &m, ref)) {
	case 0:
		return reply(ctx, "Kode setoran %s tidak ditemukan. Periksa kode"
		    " pada SMS anggota lalu kirim lagi.", p->code);
	case -2:
		/* The Ref she was given the first time is the one to keep. */
		if (deposit_ref(ctx->db, d.id, ref) != 1)
			return -1;
		return reply(ctx, "Setoran %s sudah diterima sebelumnya (Ref %s),"
		    " tidak dicatat lagi.", d.code, ref);
	case 1:
		snprintf(what, sizeof(what), "Setoran %s diterima", d.code);
		return simpan_receipt(ctx, what, &m, d.amount, d.type, ref, NULL);
	default:
		return -1;
	}
}
