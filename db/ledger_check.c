/*
 * `kopdesctl ledger check`: proves the invariants of SPEC §4 from the rows
 * themselves, trusting nothing the program keeps in memory.
 */
#include <stdio.h>

#include "db/db.h"

struct invariant {
	const char	*sql;	/* each row returned is one problem, as text */
};

static const struct invariant invariants[] = {
	{ "SELECT 'transaksi ' || j.ref || ' tidak seimbang: debit '"
	  " || sum(l.debit) || ', kredit ' || sum(l.credit)"
	  " FROM journal j JOIN journal_lines l ON l.journal_id = j.id"
	  " GROUP BY j.id HAVING sum(l.debit) <> sum(l.credit)" },
	{ "SELECT 'transaksi ' || j.ref || ' kurang dari dua baris'"
	  " FROM journal j WHERE (SELECT count(*) FROM journal_lines l"
	  " WHERE l.journal_id = j.id) < 2" },
	{ "SELECT 'akun ' || a.code || ifnull(' milik ' || m.number, '')"
	  " || ' saldo ' || a.balance || ' berbeda dari barisnya ' || s.total"
	  " FROM accounts a LEFT JOIN members m ON m.id = a.member_id"
	  " JOIN (SELECT a2.id AS id, ifnull(sum(CASE a2.normal WHEN 'D'"
	  "  THEN l.debit - l.credit ELSE l.credit - l.debit END), 0) AS total"
	  "  FROM accounts a2 LEFT JOIN journal_lines l ON l.account_id = a2.id"
	  "  GROUP BY a2.id) s ON s.id = a.id"
	  " WHERE a.balance <> s.total" },
	{ "SELECT 'simpanan ' || a.code || ' milik ' || m.number || ' negatif: '"
	  " || a.balance FROM accounts a JOIN members m ON m.id = a.member_id"
	  " WHERE a.code LIKE 'simpanan_%' AND a.balance < 0" },
	{ "SELECT 'piutang pinjaman ' || m.number || ' ' || a.balance"
	  " || ' tetapi sisa pokoknya ' || ifnull(u.unpaid, 0)"
	  " FROM accounts a JOIN members m ON m.id = a.member_id"
	  " LEFT JOIN (SELECT l.member_id AS member_id,"
	  "  sum(i.principal - i.paid_principal) AS unpaid"
	  "  FROM loans l JOIN instalments i ON i.loan_id = l.id"
	  "  WHERE l.state IN ('aktif', 'lunas') GROUP BY l.member_id) u"
	  "  ON u.member_id = a.member_id"
	  " WHERE a.code = 'piutang_pinjaman' AND a.balance <> ifnull(u.unpaid, 0)" },
	{ "SELECT 'angsuran ' || i.seq || ' pinjaman ' || l.code"
	  " || ' dibayar lebih dari tagihannya'"
	  " FROM instalments i JOIN loans l ON l.id = i.loan_id"
	  " WHERE i.paid_principal > i.principal OR i.paid_interest > i.interest"
	  " OR i.paid_principal < 0 OR i.paid_interest < 0 OR i.paid_penalty < 0" },
	{ "SELECT 'pinjaman ' || l.code || ' ' || l.state || ' tetapi '"
	  " || CASE l.state WHEN 'lunas' THEN 'masih ada angsuran belum lunas'"
	  "  ELSE 'tidak ada angsuran yang belum lunas' END"
	  " FROM loans l WHERE (l.state = 'lunas' AND EXISTS (SELECT 1"
	  "  FROM instalments i WHERE i.loan_id = l.id AND"
	  "  (i.paid_principal < i.principal OR i.paid_interest < i.interest)))"
	  " OR (l.state = 'aktif' AND NOT EXISTS (SELECT 1 FROM instalments i"
	  "  WHERE i.loan_id = l.id AND"
	  "  (i.paid_principal < i.principal OR i.paid_interest < i.interest)))" },
	{ "SELECT 'buku tidak seimbang: debit ' || ifnull(sum(debit), 0)"
	  " || ', kredit ' || ifnull(sum(credit), 0) FROM journal_lines"
	  " HAVING ifnull(sum(debit), 0) <> ifnull(sum(credit), 0)" },
};

int
ledger_check(struct db *db, ledger_problem_cb cb, void *arg)
{
	sqlite3_stmt *st;
	size_t i;
	int rc, problems = 0;

	for (i = 0; i < sizeof(invariants) / sizeof(invariants[0]); i++) {
		if ((st = db_stmt(db, invariants[i].sql)) == NULL)
			return -1;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			problems++;
			cb((const char *)sqlite3_column_text(st, 0), arg);
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			db_log(db, "ledger check");
			return -1;
		}
	}
	return problems;
}
