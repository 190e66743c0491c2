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
	int64_t loan;

	return member_balances(db, member_id, pokok, wajib, sukarela, &loan);
}

int
member_loan_outstanding(struct db *db, int64_t member_id, int64_t *principal)
{
	return member_balance(db, member_id, "piutang_pinjaman", principal) == -1 ?
	    -1 : 0;
}
