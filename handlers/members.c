/*
 * What several handlers ask about a member: who a reference names, her
 * savings, her outstanding loan.
 */
#include <stdio.h>
#include <string.h>

#include "handlers/handlers.h"

int
member_resolve(struct hctx *ctx, const char *ref, int is_phone, struct member *m)
{
	if (is_phone)
		return member_by_phone(ctx->db, ref, m);
	return member_by_number(ctx->db, ref, m);
}

int
member_savings(struct db *db, int64_t member_id, int64_t *pokok, int64_t *wajib,
    int64_t *sukarela)
{
	if (member_balance(db, member_id, "simpanan_pokok", pokok) == -1 ||
	    member_balance(db, member_id, "simpanan_wajib", wajib) == -1 ||
	    member_balance(db, member_id, "simpanan_sukarela", sukarela) == -1)
		return -1;
	return 0;
}

int
member_loan_outstanding(struct db *db, int64_t member_id, int64_t *principal)
{
	return member_balance(db, member_id, "piutang_pinjaman", principal) == -1 ?
	    -1 : 0;
}
