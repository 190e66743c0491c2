/* PIN: a registered member changes her own PIN. */
#include <string.h>

#include "handlers/handlers.h"

static int pin_exec(struct hctx *);

const struct handler_entry handler_pin = {
	"PIN", { "GANTIPIN", NULL }, ROLE_ANY_MEMBER, 0,
	{ { "PQ", "Ketik PIN, PIN lama, PIN baru; mis. PIN 1234 7391" },
	  { NULL, NULL } },
	pin_exec, "PIN LAMA BARU: ganti PIN"
};

/* 1111, 1234, 4321, 123456: the first PINs a thief tries. */
static int
pin_weak(const char *pin)
{
	size_t i, n = strlen(pin);
	int same = 1, up = 1, down = 1;

	for (i = 1; i < n; i++) {
		same &= pin[i] == pin[0];
		up &= pin[i] == pin[i - 1] + 1;
		down &= pin[i] == pin[i - 1] - 1;
	}
	return same || up || down;
}

static int
pin_exec(struct hctx *ctx)
{
	const struct parsed *p = ctx->cmd;

	/* dispatch checked the old PIN (the P slot) before we run. */
	if (strcmp(p->pin, p->newpin) == 0)
		return reply(ctx, "PIN baru harus berbeda dari PIN lama.");
	if (pin_weak(p->newpin))
		return reply(ctx, "PIN baru terlalu mudah ditebak (angka sama atau"
		    " berurutan). Pilih 4-6 angka lain.");
	if (pin_set(ctx->db, ctx->key, ctx->me.id, p->newpin) == -1 ||
	    audit_add(ctx->db, ctx->me.id, ctx->me.id, "pin_diganti", "SMS",
	    ctx->now) == -1)
		return -1;
	return reply(ctx, "PIN berhasil diganti. Jangan beri tahu PIN Anda"
	    " kepada siapa pun.");
}
