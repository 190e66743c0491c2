/*
 * What a member is told when the board acts on her from kopdesctl: her
 * welcome when added, her PIN unlocked or reset, an entry of hers
 * reversed (and the bendahara with her, for the cash).  Queued in the
 * caller's transaction like every other SMS.
 */
#include <stdio.h>
#include <string.h>

#include "handlers/handlers.h"

#define REASON_SHOWN	40	/* bytes of a reversal's reason in the SMS */

int
tell_welcome(struct hctx *ctx, const struct member *m)
{
	char text[320], name[24];
	/* Her example must not be her own PIN. */
	const char *pin = pin_run_is_pin(ctx->key, m, "1234", 4) ? "6789" : "1234";

	member_short_name(m->name, name, sizeof(name));
	snprintf(text, sizeof(text), "Selamat datang di %s, %s! Nomor anggota Anda"
	    " %s. Cek saldo: ketik SALDO lalu PIN Anda, mis. SALDO %s.",
	    ctx->rules->cooperative, name, m->number, pin);
	if (sms_parts(text) > 1)
		snprintf(text, sizeof(text), "Selamat datang di koperasi, %s! Nomor"
		    " anggota Anda %s. Cek saldo: ketik SALDO lalu PIN Anda, mis."
		    " SALDO %s.", name, m->number, pin);
	return notify(ctx, m->phone, PRIO_ALERT, "%s", text);
}

int
tell_pin_unlocked(struct hctx *ctx, const struct member *m)
{
	return notify(ctx, m->phone, PRIO_ALERT, "PIN Anda sudah dibuka oleh"
	    " pengurus koperasi. Silakan kirim lagi perintah Anda dengan PIN yang"
	    " benar.");
}

int
tell_pin_reset(struct hctx *ctx, const struct member *m)
{
	return notify(ctx, m->phone, PRIO_ALERT, "PIN Anda sudah diganti oleh"
	    " pengurus koperasi. Demi keamanan, segera ganti dengan PIN pilihan"
	    " Anda: ketik PIN, PIN lama, PIN baru.");
}

static const char *
kind_word(const char *kind)
{
	return strcmp(kind, "setoran") == 0 ? "setoran" :
	    strcmp(kind, "penarikan") == 0 ? "penarikan" :
	    strcmp(kind, "angsuran") == 0 ? "angsuran" : "transaksi";
}

int
tell_reversal(struct hctx *ctx, const char *ref, const char *newref,
    const char *reason)
{
	struct movement mv;
	struct member m;
	char rp[32], why[REASON_SHOWN + 8], who[48];
	int64_t member_id;
	size_t n;
	int rc;

	if ((rc = journal_lookup(ctx->db, ref, &mv, &member_id)) != 1)
		return rc == 0 ? 0 : -1;
	pin_runs_masked(reason, why, sizeof(why));
	n = strlen(why);
	if (n > REASON_SHOWN) {
		n = REASON_SHOWN;
		while (n > 0 && ((unsigned char)why[n] & 0xc0) == 0x80)
			n--;
		why[n] = '\0';
	}
	fmt_rp(mv.amount, rp, sizeof(rp));
	if (member_id == 0 || (rc = member_by_id(ctx->db, member_id, &m)) == 0)
		return tell_treasurer(ctx, ctx->rules->alert_per_reversal, 0,
		    "Koreksi %s: %s %s %s dibatalkan. Alasan: %s.", newref,
		    kind_word(mv.kind), rp, mv.ref, why);
	if (rc == -1)
		return -1;
	if (notify(ctx, m.phone, PRIO_ALERT, "Koreksi: %s %s (Ref %s) dibatalkan"
	    " pengurus. Alasan: %s. Ref koreksi %s. Ketik SALDO lalu PIN untuk"
	    " saldo Anda.", kind_word(mv.kind), rp, mv.ref, why, newref) == -1)
		return -1;
	return tell_treasurer(ctx, ctx->rules->alert_per_reversal, m.id,
	    "Koreksi %s: %s %s %s %s dibatalkan. Alasan: %s.", newref,
	    kind_word(mv.kind), member_label(&m, who, sizeof(who)), rp, mv.ref,
	    why);
}
