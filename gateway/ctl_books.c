/*
 * kopdesctl price, ledger, loan and deposit: the books from the shell.
 * Loan decisions and deposit confirmations go through the same handler
 * code as their SMS, so the member hears the same thing either way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gateway/ctl.h"

int
ctl_price_set(struct ctl *c, int argc, char **argv)
{
	char used[8] = { 0 }, item[64], rp[32];
	const char *unit;
	int64_t price;
	int i, words = 0, last = -1;

	if (argc > (int)sizeof(used))
		return CTL_USAGE;
	unit = ctl_opt(argc, argv, "--unit", used);
	for (i = 0; i < argc; i++)
		if (!used[i]) {
			words++;
			last = i;
		}
	if (words < 2)
		return CTL_USAGE;
	if (parse_amount(argv[last], strlen(argv[last]), &price) != PARSE_OK)
		return ctl_refuse("harga \"%s\" bukan jumlah rupiah", argv[last]);
	used[last] = 1;
	if (ctl_rest(argc, argv, 0, used, item, sizeof(item)) < 1 ||
	    strlen(item) >= sizeof(((struct price *)0)->item))
		return ctl_refuse("nama barang 1 sampai 47 karakter diperlukan");
	if (unit != NULL && (unit[0] == '\0' ||
	    strlen(unit) >= sizeof(((struct price *)0)->unit)))
		return ctl_refuse("satuan 1 sampai 15 karakter diperlukan");
	if (db_begin(&c->db) == -1)
		return ctl_refuse("basis data sibuk");
	if (price_set(&c->db, item, price, unit, 0, c->now) == -1 ||
	    db_commit(&c->db) == -1) {
		db_rollback(&c->db);
		return ctl_refuse("kesalahan basis data");
	}
	printf("%s: %s\n", item, fmt_rp(price, rp, sizeof(rp)));
	return CTL_OK;
}

/* kopdesctl price alias WORD ITEM: the cooperative's own word for an item. */
int
ctl_price_alias(struct ctl *c, int argc, char **argv)
{
	struct hctx ctx;
	char used[16] = { 0 }, query[64], item[64];
	int rc;

	if (argc < 2 || argc > (int)sizeof(used))
		return CTL_USAGE;
	used[0] = 1;
	if (ctl_rest(argc, argv, 1, used, query, sizeof(query)) < 1)
		return ctl_refuse("nama barang 1 sampai 63 karakter diperlukan");
	ctl_hctx(c, &ctx);
	if (db_begin(&c->db) == -1)
		return ctl_refuse("basis data sibuk");
	rc = harga_alias_add(&ctx, argv[0], query, 0, item, sizeof(item));
	if (rc == HARGA_ALIAS_OK && db_commit(&c->db) == -1)
		rc = HARGA_ALIAS_ERROR;
	if (rc != HARGA_ALIAS_OK)
		db_rollback(&c->db);
	switch (rc) {
	case HARGA_ALIAS_OK:
		printf("%s: %s\n", argv[0], item);
		return CTL_OK;
	case HARGA_ALIAS_BAD_WORD:
		return ctl_refuse("kata lain harus satu kata dari huruf, paling banyak 24");
	case HARGA_ALIAS_NO_ITEM:
		return ctl_refuse("tidak ada barang \"%s\" di daftar harga", query);
	case HARGA_ALIAS_AMBIGUOUS:
		return ctl_refuse("\"%s\" cocok dengan lebih dari satu barang", query);
	default:
		return ctl_refuse("kesalahan basis data");
	}
}

static int
price_print(const struct price *p, void *arg)
{
	struct table *t = arg;
	char rp[32], day[11];

	date_of(p->updated_at, day);
	return table_row(t, p->item, table_rp(t, p->price, rp, sizeof(rp)),
	    p->unit, day);
}

int
ctl_price_list(struct ctl *c, int argc, char **argv)
{
	char n[24];
	struct table t;
	int csv, rc;

	if (ctl_csv_only(argc, argv, &csv) != CTL_OK)
		return CTL_USAGE;
	table_init(&t, csv, "Barang|>Harga|Satuan|Diubah");
	rc = price_foreach(&c->db, price_print, &t);
	snprintf(n, sizeof(n), "%d barang", t.nrows);
	table_total(&t, n, "", "", "");
	if (rc == 0)
		table_print(&t, stdout);
	table_free(&t);
	return rc == -1 ? ctl_refuse("kesalahan basis data") : CTL_OK;
}

static void
problem_print(const char *problem, void *arg)
{
	(void)arg;
	printf("%s\n", problem);
}

int
ctl_ledger_check(struct ctl *c, int argc, char **argv)
{
	int problems;

	(void)argv;
	if (argc != 0)
		return CTL_USAGE;
	if ((problems = ledger_check(&c->db, problem_print, NULL)) == -1)
		return ctl_refuse("buku tidak dapat dibaca");
	if (problems > 0) {
		fprintf(stderr, "kopdesctl: pemeriksaan buku menemukan %d masalah\n",
		    problems);
		return CTL_REFUSED;
	}
	printf("ledger ok: buku seimbang\n");
	return CTL_OK;
}

int
ctl_ledger_reverse(struct ctl *c, int argc, char **argv)
{
	char used[8] = { 0 }, ref[LEDGER_REF_LEN], detail[300];
	const char *reason;
	struct hctx ctx;
	int rc;

	if (argc != 3 || (reason = ctl_opt(argc, argv, "--reason", used)) == NULL)
		return CTL_USAGE;
	if (reason[0] == '\0')
		return ctl_refuse("alasan diperlukan: disimpan bersama transaksinya");
	if (db_begin(&c->db) == -1)
		return ctl_refuse("basis data sibuk");
	if ((rc = ctl_reversible(c, argv[used[0] ? 2 : 0])) != 1) {
		db_rollback(&c->db);
		return rc == -1 ? ctl_refuse("kesalahan basis data") :
		    ctl_refuse("%s mengembalikan simpanan anggota yang keluar;"
		    " itu tidak dibalik", argv[used[0] ? 2 : 0]);
	}
	rc = ledger_reverse(&c->db, argv[used[0] ? 2 : 0], reason, c->now, ref);
	snprintf(detail, sizeof(detail), "%s: %s", argv[used[0] ? 2 : 0], reason);
	ctl_hctx(c, &ctx);
	/* Her balance changed: she hears why, and the bendahara too. */
	if (rc == 1 && (audit_add(&c->db, 0, 0, "pembalikan", detail, c->now) == -1 ||
	    tell_reversal(&ctx, argv[used[0] ? 2 : 0], ref, reason) == -1 ||
	    db_commit(&c->db) == -1))
		rc = -1;
	if (rc != 1)
		db_rollback(&c->db);
	switch (rc) {
	case 1:
		return ctl_print_reversed(c, argv[used[0] ? 2 : 0], ref) == -1 ?
		    CTL_REFUSED : CTL_OK;
	case 0:
		return ctl_refuse("tidak ada transaksi %s", argv[used[0] ? 2 : 0]);
	case -2:
		return ctl_refuse("%s adalah pembalikan atau sudah dibalik",
		    argv[used[0] ? 2 : 0]);
	case -3:
		return ctl_refuse("%s adalah pencairan pinjaman; pinjaman yang"
		    " sudah cair diselesaikan dengan angsuran, bukan dibalik", argv[used[0] ? 2 : 0]);
	case -4:
		return ctl_refuse("membalik %s membuat simpanan di bawah nol"
		    " (uangnya sudah ditarik)", argv[used[0] ? 2 : 0]);
	default:
		return ctl_refuse("kesalahan basis data");
	}
}

/*
 * The loan is looked up inside the write transaction, so a decision taken
 * meanwhile by SMS or by another kopdesctl is seen and named, not mistaken
 * for a broken database.
 */
static int
loan_decide_cli(struct ctl *c, int argc, char **argv, int approve)
{
	struct hctx ctx;
	struct loan l;
	char ref[LEDGER_REF_LEN] = "", why[200] = "";
	int64_t since;
	int rc;

	if (argc != 1)
		return CTL_USAGE;
	ctl_hctx(c, &ctx);
	if (db_begin(&c->db) == -1)
		return ctl_refuse("basis data sibuk");
	since = ctl_last_outbox_id(c);
	if ((rc = loan_by_code(&c->db, argv[0], &l)) != 1) {
		db_rollback(&c->db);
		return rc == -1 ? ctl_refuse("kesalahan basis data") :
		    ctl_refuse("tidak ada pinjaman %s", argv[0]);
	}
	rc = approve ? loan_approve(&ctx, &l, 0, ref, why, sizeof(why)) :
	    loan_reject(&ctx, &l, 0, NULL, why, sizeof(why));
	if (rc == LOAN_DECISION_DONE && db_commit(&c->db) == -1)
		rc = LOAN_DECISION_ERROR;
	if (rc != LOAN_DECISION_DONE)
		db_rollback(&c->db);
	switch (rc) {
	case LOAN_DECISION_DONE:
		break;
	case LOAN_DECISION_DECIDED:
		return ctl_refuse("%s sudah diputuskan (%s)", l.code,
		    loan_state_name(l.state));
	case LOAN_DECISION_REFUSED:
		return ctl_refuse("%s", why);
	default:
		return ctl_refuse("kesalahan basis data");
	}
	printf("%s %s%s%s\n", l.code, approve ? "disetujui" : "ditolak",
	    ref[0] ? ", ref " : "", ref);
	return ctl_print_queued(c, since) == -1 ? CTL_REFUSED : CTL_OK;
}

int
ctl_loan_approve(struct ctl *c, int argc, char **argv)
{
	return loan_decide_cli(c, argc, argv, 1);
}

int
ctl_loan_reject(struct ctl *c, int argc, char **argv)
{
	return loan_decide_cli(c, argc, argv, 0);
}

int
ctl_deposit_confirm(struct ctl *c, int argc, char **argv)
{
	struct pending_deposit d;
	struct member m;
	struct hctx ctx;
	char ref[LEDGER_REF_LEN], rp[32];
	int64_t since;
	int rc;

	if (argc != 1)
		return CTL_USAGE;
	ctl_hctx(c, &ctx);
	since = ctl_last_outbox_id(c);
	if (db_begin(&c->db) == -1)
		return ctl_refuse("basis data sibuk");
	rc = deposit_receive(&ctx, argv[0], 0, &d, &m, ref);
	if (rc == 1 && db_commit(&c->db) == -1)
		rc = -1;
	if (rc != 1) {
		db_rollback(&c->db);
		return rc == 0 ? ctl_refuse("tidak ada setoran menunggu %s", argv[0]) :
		    rc == -2 ? ctl_refuse("setoran %s sudah diterima", argv[0]) :
		    ctl_refuse("kesalahan basis data");
	}
	printf("%s: %s %s %s, ref %s\n", d.code, m.number, m.name,
	    fmt_rp(d.amount, rp, sizeof(rp)), ref);
	return ctl_print_queued(c, since) == -1 ? CTL_REFUSED : CTL_OK;
}
