/*
 * kopdesctl report harian|bulanan|neraca: the day, the month and the
 * balance sheet, every figure summed from the ledger's lines (never from
 * a counter kept beside them), so each equals `ledger list` to the rupiah.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gateway/ctl.h"

#define CODES_MAX 32

/* Account codes in the order and words of a cooperative's books. */
static const struct {
	const char	*code;
	const char	*label;
	int		 debit_normal;
} accounts[] = {
	{ "kas", "Kas", 1 },
	{ "piutang_pinjaman", "Piutang pinjaman (cair / pokok dibayar)", 1 },
	{ "simpanan_pokok", "Simpanan pokok", 0 },
	{ "simpanan_wajib", "Simpanan wajib", 0 },
	{ "simpanan_sukarela", "Simpanan sukarela", 0 },
	{ "pendapatan_jasa", "Pendapatan jasa", 0 },
	{ "pendapatan_denda", "Pendapatan denda", 0 },
};
#define NACCOUNTS (sizeof(accounts) / sizeof(accounts[0]))

struct totals {
	struct code_total t[CODES_MAX];
	int		 n;
};

static int
totals_of(struct ctl *c, time_t from, time_t to, struct totals *t)
{
	return (t->n = ledger_code_totals(&c->db, from, to, t->t, CODES_MAX)) == -1 ?
	    -1 : 0;
}

/* The balance on the account's normal side. */
static int64_t
balance(const struct totals *t, size_t a)
{
	const struct code_total *ct = code_total_find(t->t, t->n, accounts[a].code);

	return accounts[a].debit_normal ? ct->debit - ct->credit :
	    ct->credit - ct->debit;
}

/* [--csv] and at most one positional argument (NULL when none); -1: usage. */
static int
report_args(int argc, char **argv, int *csv, const char **arg)
{
	char used[4] = { 0 };

	*arg = NULL;
	if (argc > (int)sizeof(used))
		return -1;
	*csv = ctl_has_flag(argc, argv, "--csv", used);
	return ctl_one_word(argc, argv, used, arg);
}

/* The day a report is of: the one named, or today. */
static void
report_day(const struct ctl *c, const char *arg, char day[11])
{
	if (arg == NULL)
		date_of(c->now, day);
	else
		snprintf(day, 11, "%.10s", arg);
}

int
ctl_report_harian(struct ctl *c, int argc, char **argv)
{
	char day[11], human[24], rp[32], n[24];
	const char *arg;
	struct day_total dt[16];
	struct totals end;
	struct table t;
	time_t from, to;
	int64_t failed = 0, waiting = 0, waiting_rp = 0, locked;
	int i, nk, csv;

	if (report_args(argc, argv, &csv, &arg) == -1)
		return CTL_USAGE;
	report_day(c, arg, day);
	if (ctl_day_start(day, &from) == -1 || ctl_day_end(day, &to) == -1)
		return ctl_refuse("tanggal \"%s\" harus YYYY-MM-DD", arg);
	if ((nk = journal_day_totals(&c->db, from, to, dt, 16)) == -1 ||
	    totals_of(c, 0, to, &end) == -1 ||
	    outbox_count(&c->db, OUTBOX_GAGAL, &failed) == -1 ||
	    ctl_deposits_waiting(c, &waiting, &waiting_rp) == -1 ||
	    (locked = member_count_locked(&c->db)) == -1)
		return ctl_refuse("kesalahan basis data");
	date_human(day, human, sizeof(human));
	if (!csv)
		printf("Laporan harian %s, %s\n\n", human, c->cfg.rules.cooperative);
	table_init(&t, csv, "Jenis|>Transaksi|>Uang kas");
	for (i = 0; i < nk; i++)
		table_row(&t, dt[i].kind, table_int(dt[i].count, n, sizeof(n)),
		    table_rp(&t, dt[i].amount, rp, sizeof(rp)));
	table_row(&t, "kas akhir hari", "", table_rp(&t, balance(&end, 0), rp,
	    sizeof(rp)));
	table_row(&t, "setoran menunggu (kode S)", table_int(waiting, n, sizeof(n)),
	    table_rp(&t, waiting_rp, rp, sizeof(rp)));
	table_row(&t, "PIN terkunci", table_int(locked, n, sizeof(n)), "");
	table_row(&t, "SMS gagal terkirim", table_int(failed, n, sizeof(n)), "");
	table_print(&t, stdout);
	table_free(&t);
	return CTL_OK;
}

/* YYYY-MM to its first day and the first day of the month after. */
static int
month_bounds(const char *ym, char first[11], char last[11], time_t *from,
    time_t *to)
{
	char next[16];
	unsigned y, m;
	char tail;

	if (strlen(ym) != 7 || sscanf(ym, "%4u-%2u%c", &y, &m, &tail) != 2 ||
	    y < 1970 || y > 9998 || m < 1 || m > 12)
		return -1;
	snprintf(first, 11, "%04u-%02u-01", y % 10000, m % 100);
	snprintf(next, sizeof(next), "%04u-%02u-01", m == 12 ? y + 1 : y,
	    m == 12 ? 1 : m + 1);
	if (ctl_day_start(first, from) == -1 || ctl_day_start(next, to) == -1)
		return -1;
	date_of(*to - 12 * 3600, last);
	return 0;
}

int
ctl_report_bulanan(struct ctl *c, int argc, char **argv)
{
	char ym[8], first[11], last[11], a[32], b[32], d[32], e[32], n[24];
	const char *arg;
	struct totals *before, *month;
	const struct code_total *ct;
	struct table t;
	time_t from, to;
	int64_t joined, left;
	size_t i;
	int csv;

	if (report_args(argc, argv, &csv, &arg) == -1)
		return CTL_USAGE;
	if (arg == NULL) {
		date_of(c->now, first);
		snprintf(ym, sizeof(ym), "%.7s", first);
	} else
		snprintf(ym, sizeof(ym), "%.7s", arg);
	if ((arg != NULL && strlen(arg) != 7) ||
	    month_bounds(ym, first, last, &from, &to) == -1)
		return ctl_refuse("bulan \"%s\" harus YYYY-MM", arg);
	if ((before = calloc(2, sizeof(*before))) == NULL)
		return ctl_refuse("memori habis");
	month = before + 1;
	if (totals_of(c, 0, from, before) == -1 || totals_of(c, from, to, month) == -1 ||
	    member_count_between(&c->db, MEMBER_JOINED, first, last, &joined) == -1 ||
	    member_count_between(&c->db, MEMBER_LEFT, first, last, &left) == -1) {
		free(before);
		return ctl_refuse("kesalahan basis data");
	}
	if (!csv)
		printf("Laporan bulanan %s (%s s.d. %s), %s\n\n", ym, first, last,
		    c->cfg.rules.cooperative);
	table_init(&t, csv, "Pos|Akun|>Saldo awal|>Bertambah|>Berkurang"
	    "|>Saldo akhir");
	for (i = 0; i < NACCOUNTS; i++) {
		int64_t up, down, open = balance(before, i);

		ct = code_total_find(month->t, month->n, accounts[i].code);
		up = accounts[i].debit_normal ? ct->debit : ct->credit;
		down = accounts[i].debit_normal ? ct->credit : ct->debit;
		table_row(&t, accounts[i].label, accounts[i].code,
		    table_rp(&t, open, a, sizeof(a)), table_rp(&t, up, b, sizeof(b)),
		    table_rp(&t, down, d, sizeof(d)),
		    table_rp(&t, open + up - down, e, sizeof(e)));
	}
	table_row(&t, "Anggota masuk", "anggota_masuk", "", table_int(joined, n,
	    sizeof(n)), "", "");
	table_row(&t, "Anggota keluar", "anggota_keluar", "", "",
	    table_int(left, n, sizeof(n)), "");
	table_print(&t, stdout);
	table_free(&t);
	free(before);
	return CTL_OK;
}

int
ctl_report_neraca(struct ctl *c, int argc, char **argv)
{
	char day[11], human[24], rp[32];
	const char *arg;
	struct totals *end;
	struct table t;
	time_t to;
	int64_t kas, piutang, pokok, wajib, sukarela, shu, assets, claims;
	int csv;

	if (report_args(argc, argv, &csv, &arg) == -1)
		return CTL_USAGE;
	report_day(c, arg, day);
	if (ctl_day_end(day, &to) == -1)
		return ctl_refuse("tanggal \"%s\" harus YYYY-MM-DD", arg);
	if ((end = calloc(1, sizeof(*end))) == NULL)
		return ctl_refuse("memori habis");
	if (totals_of(c, 0, to, end) == -1) {
		free(end);
		return ctl_refuse("kesalahan basis data");
	}
	kas = balance(end, 0);
	piutang = balance(end, 1);
	pokok = balance(end, 2);
	wajib = balance(end, 3);
	sukarela = balance(end, 4);
	shu = balance(end, 5) + balance(end, 6);
	free(end);
	assets = kas + piutang;
	claims = sukarela + pokok + wajib + shu;
	date_human(day, human, sizeof(human));
	if (!csv)
		printf("Neraca per %s, %s\n\n", human, c->cfg.rules.cooperative);
	table_init(&t, csv, "Kelompok|Pos|>Jumlah");
	table_row(&t, "aset", "Kas", table_rp(&t, kas, rp, sizeof(rp)));
	table_row(&t, "aset", "Piutang pinjaman", table_rp(&t, piutang, rp,
	    sizeof(rp)));
	table_row(&t, "aset", "Jumlah aset", table_rp(&t, assets, rp, sizeof(rp)));
	table_row(&t, "kewajiban", "Simpanan sukarela", table_rp(&t, sukarela, rp,
	    sizeof(rp)));
	table_row(&t, "ekuitas", "Simpanan pokok", table_rp(&t, pokok, rp,
	    sizeof(rp)));
	table_row(&t, "ekuitas", "Simpanan wajib", table_rp(&t, wajib, rp,
	    sizeof(rp)));
	table_row(&t, "ekuitas", "SHU belum dibagi (jasa + denda)", table_rp(&t, shu,
	    rp, sizeof(rp)));
	table_row(&t, "kewajiban+ekuitas", "Jumlah kewajiban dan ekuitas",
	    table_rp(&t, claims, rp, sizeof(rp)));
	table_print(&t, stdout);
	table_free(&t);
	if (assets != claims) {
		fprintf(stderr, "kopdesctl: neraca tidak seimbang: aset %lld,"
		    " kewajiban dan ekuitas %lld; jalankan ledger check\n",
		    (long long)assets, (long long)claims);
		return CTL_REFUSED;
	}
	if (!csv)
		printf("Seimbang: aset = kewajiban + ekuitas.\n");
	return CTL_OK;
}
