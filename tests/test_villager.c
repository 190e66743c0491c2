/*
 * Villagers, cashiers and shoppers as they really write on a feature
 * phone, one cooperative through a morning, an approval and a late
 * instalment: each message goes the way of `kopdesctl sim` (sim_message
 * on a real SQLite file) and the reply must carry the facts a good clerk
 * would give.  Every reply fits one SMS (but the price list), none shows
 * the sender's PIN, and the books balance at the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tests/support/support.h"

#define SITI	"081300000001"	/* A017 Hj. Nurbaya, S.Pd  2580 */
#define BUDI	"081300000002"	/* A002 Budi Santoso       4719 */
#define KASIR	"081100000001"	/* K001 Agus Salim, kasir  5303 */
#define BEND	"081100000002"	/* K002 Ani Lestari        8642 */
#define KETUA	"081100000003"	/* K003 H. Sutrisno        3141 */
#define SHOP	"085700000001"	/* not a member */

#define LONG_NAME "Koperasi Desa Merah Putih Desa Sungai Kakap Kecamatan" \
	" Sungai Kakap Kabupaten Kubu Raya"

struct vcase {
	const char	*from;		/* NULL: text is the new date */
	const char	*text;
	const char	*fact[3];	/* in the reply to the sender */
	const char	*never;		/* not in it */
	int		 nsms;		/* SMS caused, when check_n */
	int		 check_n;
	const char	*to;		/* another phone told ... */
	const char	*to_fact;	/* ... this */
	const char	*to2, *to2_fact;	/* and a third */
	int		 long_ok;	/* may take more than one SMS */
};

#define V(fr, t, ...)	{ .from = (fr), .text = (t), __VA_ARGS__ }
#define N(x)		.check_n = 1, .nsms = (x)
#define F(...)		.fact = { __VA_ARGS__ }
#define DAY(d)		{ .from = NULL, .text = (d) }

static const struct vcase cases[] = {
	/* The cashier's deposits, amounts as receipts write them. */
	V(KASIR, "SIMPAN A017 50000 5303", F("Setoran dicatat", "A017 Nurbaya",
	    "Rp50.000")),
	V(KASIR, "simpan*A017*75000*5303", F("Rp75.000 simpanan sukarela")),
	V(KASIR, "SIMPAN#A002#Rp. 50.000,-#5303", F("A002 Budi", "Rp50.000")),
	V(KASIR, "setor A017 Rp 20.000 wajib 5303", F("Rp20.000 simpanan wajib")),
	V(KASIR, "SIMPAN A017 50 ribu pokok 5303", F("Rp50.000 simpanan pokok")),
	V(KASIR, "simpan a002 1 juta 5303", F("Rp1.000.000")),
	V(KASIR, "SIMPAN A017 1,5 jt sukarla 5303", F("Rp1.500.000 simpanan"
	    " sukarela")),
	V(KASIR, "SIMPAN A002 Rp.1,5juta wjb 5303", F("Rp1.500.000 simpanan wajib")),
	V(KASIR, "SIMPN A017 10rb wjib 5303", F("Rp10.000 simpanan wajib",
	    "Saldo wajib Rp30.000")),
	V(KASIR, "tolong simpan A017 25.000 ya 5303 makasih", F("Rp25.000")),
	V(KASIR, "SIMPAN A017 12.500 5303", F("Rp12.500")),
	V(KASIR, "SIMPAN A017 50rb skr 5303", F("Rp50.000 simpanan sukarela",
	    "Saldo sukarela Rp1.712.500")),
	V(KASIR, "SETOR 081300000002 30rb 5303", F("A002 Budi", "Rp30.000")),
	V(KASIR, "SIMPAN A017 50000 pkk 5303", F("simpanan pokok",
	    "Saldo pokok Rp100.000")),
	V(KASIR, "Simpan A017 50.000 POKOK 5303.", F("Saldo pokok Rp150.000")),
	V(KASIR, "SIMPAN A017 50x 5303", F("Jumlah \"50x\" tidak dikenali",
	    "mis. SIMPAN A017 50rb"), .never = "Format", N(1)),
	V(KASIR, "SIMPAN A017 50000", F("Ketik SIMPAN", "mis. SIMPAN A017 50rb"),
	    .never = "Format salah"),
	V(KASIR, "SIMPAN A017 50000 BANYAK 5303", F("Kata \"BANYAK\"")),
	V(KASIR, "SIMPAN A999 50000 5303", F("A999 tidak terdaftar")),
	V(KASIR, "SIMPAN A017 .5jt 5303", F("Jumlah")),
	V(KASIR, "SIMPAN A017 0 5303", F("Jumlah \"0\"")),

	/* Nurbaya asks for her balance every way she can. */
	V(SITI, "SALDO 2580", F("Saldo A017 Nurbaya", "Sukarela Rp1.712.500",
	    "Pinjaman Rp0"), N(1)),
	V(SITI, "cek saldo 2580", F("Saldo A017 Nurbaya", "Wajib Rp30.000")),
	V(SITI, "saldo saya 2580", F("Pokok Rp150.000")),
	V(SITI, "saldo 2580 terima kasih", F("Total Rp1.892.500")),
	V(SITI, "saldo2580", F("Saldo A017")),
	V(SITI, "SALDO.2580", F("Saldo A017")),
	V(SITI, "SALDO*2580", F("Saldo A017")),
	V(SITI, "SALDO#2580#", F("Saldo A017")),
	V(SITI, "CEKSALDO 2580", F("Saldo A017")),
	V(SITI, "ceksaldo2580", F("Saldo A017")),
	V(SITI, "SALDOO 2580", F("Saldo A017")),
	V(SITI, "SALDP 2580", F("Saldo A017")),
	V(SITI, "sldo 2580", F("Saldo A017")),
	V(SITI, "Saldo 2580 makasih bu", F("Saldo A017")),
	V(SITI, "tolong cek saldo saya ya bu 2580", F("Saldo A017")),
	V(SITI, "mohon info saldo 2580", F("Saldo A017")),
	V(SITI, "cek 2580", F("Saldo A017")),
	V(SITI, "CEK#2580", F("Saldo A017")),
	V(SITI, "saldo, 2580", F("Saldo A017")),
	V(SITI, "saldo? 2580", F("Saldo A017")),
	V(SITI, "  saldo   2580  .", F("Saldo A017")),
	V(SITI, "SALDO 2580..", F("Saldo A017")),
	V(SITI, "Selamat pagi bu, saldo 2580", F("Saldo A017")),
	V(SITI, "saldo 2580 ya, trims", F("Saldo A017")),
	V(SITI, "Assalamualaikum, cek saldo 2580 dong", F("Saldo A017")),
	V(SITI, "SALDO", F("Ketik SALDO lalu PIN Anda, mis. SALDO 1234."),
	    .never = "Format"),
	V(SITI, "saldo 25", F("PIN harus 4-6 angka", "mis. SALDO 1234")),
	V(SITI, "saldo 2580 2580", F("Ketik SALDO lalu PIN")),
	V(SITI, "SALDO-2580", F("SALDO lalu PIN", "BANTUAN")),
	V(BUDI, "saldo 4719", F("Saldo A002 Budi", "Wajib Rp1.500.000",
	    "Sukarela Rp1.080.000")),
	V(BUDI, "SALDO 4719 thx", F("Saldo A002 Budi")),
	V(BUDI, "Sldo 4719", F("Saldo A002")),
	V(BUDI, "saldo4719 makasih", F("Saldo A002")),
	V(BUDI, "cek saldo4719", F("Saldo A002")),
	V(BUDI, "INFO SALDO 4719", F("Saldo A002")),
	V(BUDI, "SALDO 4719 .", F("Saldo A002")),
	V(KETUA, "SALDO 3141", F("Saldo K003 Sutrisno")),
	V(BEND, "saldo 8642", F("Saldo K002 Ani")),
	V(KASIR, "CEK 5303", F("Saldo K001 Agus")),

	/* Loans: asking, applying, deciding with a reason. */
	V(SITI, "TAGIAN 2580", F("tidak punya tagihan")),
	V(SITI, "tagih 2580", F("tidak punya tagihan")),
	V(SITI, "cek tagihan 2580", F("tidak punya tagihan")),
	V(SITI, "TAGIHAN", F("Ketik TAGIHAN lalu PIN Anda, mis. TAGIHAN 1234")),
	V(SITI, "PINJAMAN 2580", F("tidak punya pinjaman")),
	V(SITI, "mau pinjam 2 juta 12 bulan 2580", F("Pengajuan pinjaman P0001",
	    "Rp2.000.000, 12 bln"), .to = KETUA, .to_fact = "SETUJU P0001"),
	V(SITI, "PINJAM 2580", F("menunggu persetujuan")),
	V(SITI, "pinjam 1,5 jt 12bln 2580", F("masih punya pinjaman P0001")),
	V(BUDI, "pinjam Rp.1,5juta 6 bln 4719", F("Pengajuan pinjaman P0002",
	    "Rp1.500.000, 6 bln")),
	V(BUDI, "PINJAM 1jt 12x 4719", F("Lama pinjaman \"12x\"")),
	V(SITI, "SETUJU P0001 2580", F("hanya untuk bendahara/ketua")),
	V(KETUA, "SETUJU P0009 3141", F("tidak ditemukan")),
	V(KETUA, "SETUJU P0001 3141", F("disetujui dan dicairkan"), N(3),
	    .to = SITI, .to_fact = "Ambil uang di kantor koperasi"),
	V(BEND, "SETUJU P0001 8642", F("sudah diputuskan: disetujui")),
	V(KETUA, "TOLAK P0002 simpanan kurang 3141", F("ditolak"), .to = BUDI,
	    .to_fact = "Alasan: simpanan kurang.", .to2 = BEND,
	    .to2_fact = "P0002 A002 Budi Rp1.500.000 ditolak ketua Sutrisno."),
	V(BUDI, "PINJAM 4719", F("tidak disetujui")),
	V(BUDI, "tagihan 4719", F("tidak punya tagihan")),
	V(SITI, "TAGIHAN 2580", F("angsuran ke-1 Rp196.666", "jatuh tempo 23 Des"
	    " 2026", "Sisa pinjaman Rp2.360.000")),
	V(SITI, "SALDO 2580", F("Sisa pinjaman Rp2.360.000 (pokok Rp2.000.000)")),
	V(KASIR, "BAYAR A017 Rp 250.000 5303", F("Angsuran A017 Nurbaya P0001"
	    " Rp250.000", "Sisa Rp2.110.000"), .to = SITI,
	    .to_fact = "Sisa pinjaman Rp2.110.000"),
	V(KASIR, "angsur A017 100rb 5303", F("Sisa Rp2.010.000"), N(3), .to = BEND,
	    .to_fact = "Angsuran P0001 A017 Nurbaya Rp100.000, dicatat kasir Agus."),
	V(KASIR, "bayar*A017*50rb*5303", F("Sisa Rp1.960.000")),
	V(KASIR, "BAYAR A017 50x 5303", F("Jumlah \"50x\"")),
	V(KASIR, "BAYAR A002 10rb 5303", F("tidak punya pinjaman berjalan")),
	V(SITI, "PINJAM 2580", F("sisa pinjaman Rp1.960.000 (pokok")),
	V(SITI, "TAGIHAN 2580", F("Sisa pinjaman Rp1.960.000")),
	V(SITI, "SALDO 2580", F("Sisa pinjaman Rp1.960.000")),

	/* Her own deposits and the cashier receiving them. */
	V(SITI, "SIMPAN 50rb 2580", F("kode S0001")),
	V(KASIR, "TERIMA S0001 5303", F("Setoran S0001 diterima", "Ref R")),
	V(BEND, "TERIMA S0001 8642", F("sudah diterima sebelumnya (Ref R")),
	V(SITI, "setor 100rb wajib 2580", F("kode S0002", "simpanan wajib")),
	V(SITI, "SIMPAN 25rb wajib 2580 makasih", F("kode S0003")),
	V(KASIR, "terima s0002 5303", F("Setoran S0002 diterima")),
	V(KASIR, "TERIMA S0099 5303", F("tidak ditemukan")),
	V(KASIR, "TERIMA 5303", F("Ketik TERIMA")),
	V(SITI, "SIMPAN 50x 2580", F("Jumlah \"50x\"", "mis. SIMPAN 50rb 1234")),

	/* Withdrawals. */
	V(KASIR, "TARIK A017 100rb 5303", F("Penarikan dicatat", "Rp100.000"),
	    .to = SITI, .to_fact = "Penarikan simpanan sukarela Rp100.000"),
	V(KASIR, "tarik A017 20rb 5303", F("Penarikan dicatat"), N(3), .to = BEND,
	    .to_fact = "Penarikan A017 Nurbaya Rp20.000 dari sukarela, dicatat"
	    " kasir Agus."),
	V(KASIR, "tarik*A017*Rp 50.000*5303", F("Penarikan dicatat", "Rp50.000")),
	V(KASIR, "TARIKK A017 10rb 5303", F("Penarikan dicatat")),
	V(KASIR, "TARIK A017 99jt 5303", F("ditolak")),
	V(SITI, "TARIK A017 10rb 2580", F("hanya untuk")),

	/* Shoppers and prices, in shop words. */
	V(SHOP, "HARGA", F("Harga sembako:", "Beras Premium"), .long_ok = 1),
	V(SHOP, "harga brs", F("Beras Medium", "Beras Premium")),
	V(SHOP, "harga migor", F("Minyak Goreng Rp15.700/liter")),
	V(SHOP, "harga cabe", F("Cabai Merah Rp45.000/kg")),
	V(SHOP, "hrg gula", F("Gula Pasir Rp17.500/kg")),
	V(SHOP, "harga telor", F("Telur Ayam Rp28.000/kg")),
	V(SHOP, "HRG telor ayam", F("Telur Ayam")),
	V(SHOP, "cek harga beras dong", F("Beras")),
	V(SHOP, "harga bamer", F("Bawang Merah Rp38.000")),
	V(SHOP, "harga trigu", F("Tepung Terigu Rp11.000")),
	V(SHOP, "HARGA gula pasir", F("Gula Pasir Rp17.500/kg")),
	V(SHOP, "harga beras premium", F("Beras Premium Rp14.500")),
	V(SHOP, "HARGAA gula", F("Gula Pasir")),
	V(SHOP, "harga gulpas", F("Gula Pasir")),
	V(SHOP, "Harga telor ya bu", F("Telur Ayam")),
	V(SHOP, "harga kopi", F("tidak ada")),
	V(KASIR, "HARGA ALIAS mgr minyak goreng 5303", F("Singkatan disimpan",
	    "HARGA mgr", "Minyak Goreng")),
	V(SHOP, "harga mgr", F("Minyak Goreng")),
	V(SITI, "HARGA ALIAS mgr minyak 2580", F("hanya dibuat oleh kasir")),
	V(KASIR, "HARGA ALIAS beras2 beras 5303", F("satu kata huruf")),
	V(KASIR, "HARGA ALIAS gk gula kelapa 5303", F("tidak ada di daftar")),
	V(KASIR, "HARGA gula pasir 18rb 5303", F("Harga Gula Pasir diubah",
	    "Rp18.000")),
	V(KASIR, "hrg migor 16.000 5303", F("Harga Minyak Goreng diubah")),
	V(SHOP, "harga migor", F("Rp16.000")),
	V(SITI, "harga brs", F("Beras")),

	/* PINs. */
	V(BUDI, "GANTI PIN 4719 7391", F("PIN berhasil diganti")),
	V(BUDI, "gantipin 7391 4719", F("PIN berhasil diganti")),
	V(BUDI, "ganti pin 4719 1234", F("terlalu mudah")),
	V(BUDI, "PIN 4719", F("Ketik PIN, PIN lama, PIN baru")),
	V(BUDI, "saldo 4719", F("Saldo A002")),

	/* Help. */
	V(SITI, "BANTUAN", F("Perintah:", "SALDO", "mis. BANTUAN SALDO")),
	V(SITI, "help", F("Perintah:")),
	V(SITI, "menu", F("Perintah:")),
	V(SITI, "?", F("Perintah:")),
	V(SITI, "BANTUAN SALDO", F("Ketik SALDO lalu PIN Anda, mis. SALDO 1234."),
	    .never = "Cara:"),
	V(SITI, "bantuan pinjam", F("mis. PINJAM 2jt 12 1234")),
	V(SITI, "BANTUAN HARGA", F("HARGA lalu nama barang"), .never = "ALIAS"),
	V(KASIR, "BANTUAN HARGA", F("HARGA ALIAS")),
	V(KETUA, "BANTUAN TOLAK", F("mis. TOLAK P0007 simpanan kurang 1234")),
	V(SHOP, "BANTUAN", F("HARGA", "anggota koperasi"), .never = "Kubu Raya"),

	/* Greetings, thanks and questions. */
	V(SITI, "selamat pagi bu, mau tanya cara cek saldo gmn ya", F("Halo!",
	    "Ketik SALDO lalu PIN Anda, mis. SALDO 1234"), .never = "tidak dikenal"),
	V(SITI, "halo", F("Halo!", "SALDO")),
	V(SITI, "terima kasih", F("Sama-sama")),
	V(SITI, "makasih bu", F("Sama-sama")),
	V(SITI, "assalamualaikum", F("Halo!")),
	V(SITI, "tolong", F("Halo!")),
	V(SITI, "gimana cara pinjam?", F("Maaf", "mis. PINJAM 2jt 12 1234")),
	V(SITI, "berapa harga beras", F("Maaf", "mis. HARGA beras")),
	V(SITI, "apa kabar", F("Maaf", "SALDO"), .never = "tidak dikenal"),
	V(SITI, "cara simpan gimana", F("mis. SIMPAN 50rb 1234")),
	V(KASIR, "cara simpan gimana", F("mis. SIMPAN A017 50rb")),
	V(SHOP, "halo", F("Halo!", "HARGA")),
	V(SHOP, "mau daftar jadi anggota", F("HARGA", "pengurus")),

	/* Strangers asking for a member's command. */
	V(SHOP, "SALDO 1234", F("belum terdaftar di koperasi ini"),
	    .never = "Kubu Raya", N(1)),
	V(SHOP, "cek saldo 1234", N(0)),

	/* A month and more later: overdue reads as overdue. */
	DAY("2027-03-07"),
	V(SITI, "TAGIHAN 2580", F("TUNGGAKAN 1 angsuran", "terlambat 12 hari",
	    "denda Rp")),
	V(SITI, "PINJAM 2580", F("terlambat 12 hari")),
	V(SITI, "saldo 2580 makasih", F("Sisa pinjaman Rp1.960.000")),
	V(KASIR, "BAYAR A017 200rb 5303", F("Angsuran A017 Nurbaya")),
	V(SITI, "TAGIHAN 2580", F("jatuh tempo")),

	/* Her last movements, newest first, in one SMS. */
	V(SITI, "MUTASI 2580", F("Mutasi A017 Nurbaya:", "angsur Rp200.000",
	    "tarik Rp20.000")),
	V(SITI, "mutasi saya 2580 ya", F("Mutasi A017")),
	V(SITI, "MUTASI", F("Ketik MUTASI lalu PIN Anda, mis. MUTASI 1234")),
	V(SHOP, "MUTASI 1234", F("belum terdaftar"), N(1)),
	V(KETUA, "MUTASI 3141", F("Belum ada transaksi untuk K003 Sutrisno")),

	/* A PIN locked: the bendahara hears it at once. */
	V(BUDI, "saldo 1111", F("PIN salah. Sisa 2 kali")),
	V(BUDI, "saldo 1112", F("Sisa 1 kali")),
	V(BUDI, "saldo 1113", F("terkunci"), .to = BEND,
	    .to_fact = "PIN A002 Budi (anggota) terkunci setelah 3 kali salah."),
	V(BUDI, "saldo 4719", F("terkunci"), N(1)),
};

static struct fixture *
cooperative(void)
{
	struct fixture *f = fixture_open();

	assert_int_equal(sqlite3_exec(f->db.h, "PRAGMA synchronous=OFF", NULL,
	    NULL, NULL), SQLITE_OK);
	snprintf(f->rules.cooperative, sizeof(f->rules.cooperative), "%s",
	    LONG_NAME);
	/* A morning's worth from one phone; the rate has its own test. */
	f->rules.rate_messages = 1000;
	fixture_member(f, "A017", SITI, "Hj. Nurbaya, S.Pd", "anggota", "2580");
	fixture_member(f, "A002", BUDI, "Budi Santoso", "anggota", "4719");
	fixture_member(f, "K001", KASIR, "Agus Salim", "kasir", "5303");
	fixture_member(f, "K002", BEND, "Ani Lestari", "bendahara", "8642");
	fixture_member(f, "K003", KETUA, "H. Sutrisno", "ketua", "3141");
	assert_int_equal(price_set(&f->db, "Beras Premium", 14500, "kg", 0, f->now), 0);
	assert_int_equal(price_set(&f->db, "Beras Medium", 12500, "kg", 0, f->now), 0);
	assert_int_equal(price_set(&f->db, "Gula Pasir", 17500, "kg", 0, f->now), 0);
	assert_int_equal(price_set(&f->db, "Minyak Goreng", 15700, "liter", 0,
	    f->now), 0);
	assert_int_equal(price_set(&f->db, "Telur Ayam", 28000, "kg", 0, f->now), 0);
	assert_int_equal(price_set(&f->db, "Cabai Merah", 45000, "kg", 0, f->now), 0);
	assert_int_equal(price_set(&f->db, "Bawang Merah", 38000, "kg", 0, f->now), 0);
	assert_int_equal(price_set(&f->db, "Tepung Terigu", 11000, "kg", 0, f->now), 0);
	return f;
}

static const char *
pin_of(const char *phone)
{
	static const struct {
		const char	*phone, *pin;
	} pins[] = { { SITI, "2580" }, { BUDI, "4719" }, { KASIR, "5303" },
		{ BEND, "8642" }, { KETUA, "3141" } };
	size_t i;

	for (i = 0; i < sizeof(pins) / sizeof(pins[0]); i++)
		if (strcmp(pins[i].phone, phone) == 0)
			return pins[i].pin;
	return NULL;
}

static int
case_run(struct fixture *f, size_t i)
{
	const struct vcase *c = &cases[i];
	const char *answer, *pin, *other;
	int n, k, bad = 0;

	if (c->from == NULL) {
		fixture_set_today(f, c->text);
		return 0;
	}
	n = fixture_sms(f, c->from, c->text);
	answer = fixture_sms_to(f, c->from);
	if (c->check_n && n != c->nsms) {
		print_error("%zu \"%s\": %d SMS, want %d\n", i, c->text, n, c->nsms);
		bad++;
	}
	for (k = 0; k < 3 && c->fact[k] != NULL; k++)
		if (answer == NULL || strstr(answer, c->fact[k]) == NULL) {
			print_error("%zu \"%s\": answered \"%s\", want \"%s\"\n", i,
			    c->text, answer ? answer : "(nothing)", c->fact[k]);
			bad++;
		}
	if (c->never != NULL && answer != NULL && strstr(answer, c->never) != NULL) {
		print_error("%zu \"%s\": answered \"%s\", with \"%s\"\n", i, c->text,
		    answer, c->never);
		bad++;
	}
	if (answer != NULL && !c->long_ok && sms_parts(answer) != 1) {
		print_error("%zu \"%s\": %d SMS for \"%s\" (%d septets)\n", i,
		    c->text, sms_parts(answer), answer, sms_units(answer));
		bad++;
	}
	if (c->to != NULL && ((other = fixture_sms_to(f, c->to)) == NULL ||
	    strstr(other, c->to_fact) == NULL)) {
		print_error("%zu \"%s\": %s told \"%s\", want \"%s\"\n", i, c->text,
		    c->to, other ? other : "(nothing)", c->to_fact);
		bad++;
	}
	if (c->to2 != NULL && ((other = fixture_sms_to(f, c->to2)) == NULL ||
	    strstr(other, c->to2_fact) == NULL)) {
		print_error("%zu \"%s\": %s told \"%s\", want \"%s\"\n", i, c->text,
		    c->to2, other ? other : "(nothing)", c->to2_fact);
		bad++;
	}
	/* No SMS it caused, to anyone, shows the sender's PIN. */
	if ((pin = pin_of(c->from)) != NULL)
		for (k = 0; k < f->nsms; k++)
			if (strstr(f->sms[k].text, pin) != NULL) {
				print_error("%zu \"%s\": PIN in \"%s\"\n", i, c->text,
				    f->sms[k].text);
				bad++;
			}
	/* Every SMS but the price list and the one asked for in it fits one. */
	for (k = 0; k < f->nsms; k++)
		if (!c->long_ok && sms_parts(f->sms[k].text) != 1) {
			print_error("%zu \"%s\": %d SMS to %s: \"%s\"\n", i, c->text,
			    sms_parts(f->sms[k].text), f->sms[k].phone, f->sms[k].text);
			bad++;
		}
	return bad;
}

static void
test_villagers(void **state)
{
	struct fixture *f = cooperative();
	size_t i, n = sizeof(cases) / sizeof(cases[0]);
	int bad = 0;

	(void)state;
	assert_true(n >= 150);
	for (i = 0; i < n; i++)
		bad += case_run(f, i);
	assert_int_equal(bad, 0);
	assert_int_equal(fixture_ledger_problems(f), 0);
	fixture_close(f);
}

/*
 * Beyond the rate a number hears once when to try again and then
 * nothing, however often it tries; the silence ends on time.
 */
static void
test_rate_notice_once(void **state)
{
	struct fixture *f = cooperative();
	int i;

	(void)state;
	f->rules.rate_messages = 3;
	for (i = 0; i < 3; i++)
		assert_int_equal(fixture_sms(f, SHOP, "HARGA gula"), 1);
	assert_int_equal(fixture_sms(f, SHOP, "HARGA gula"), 1);
	assert_string_equal(f->sms[0].text, "Terlalu banyak SMS. Coba lagi setelah"
	    " pukul 09.10.");
	for (i = 0; i < 30; i++) {
		f->now += 15;
		assert_int_equal(fixture_sms(f, SHOP, "HARGA gula"), 0);
	}
	f->now += 600 - 30 * 15 + 1;
	assert_int_equal(fixture_sms(f, SHOP, "HARGA gula"), 1);
	assert_non_null(strstr(f->sms[0].text, "Gula Pasir"));
	fixture_close(f);
}

/* The long name stays out of what it would push into a second SMS. */
static void
test_long_name_one_sms(void **state)
{
	struct fixture *f = cooperative();
	const char *texts[] = { "SALDO 1234", "BANTUAN", "halo", "TAGIHAN 1234" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		fixture_set_today(f, i % 2 ? "2026-11-25" : "2026-11-24");
		if (fixture_sms(f, SHOP, texts[i]) == 1)
			assert_int_equal(sms_parts(f->sms[0].text), 1);
	}
	/* A short name is still named. */
	snprintf(f->rules.cooperative, sizeof(f->rules.cooperative), "Kopdes Maju");
	fixture_set_today(f, "2026-11-26");
	assert_int_equal(fixture_sms(f, SHOP, "SALDO 1234"), 1);
	assert_non_null(strstr(f->sms[0].text, "Kopdes Maju"));
	fixture_close(f);
}

/* The SMS reminders_run queued, counted from the outbox. */
static int
run_reminders(struct fixture *f, char *last, size_t len)
{
	int64_t before, after;
	sqlite3_stmt *st;

	f->env.now = f->now;
	assert_int_equal(outbox_max_id(&f->db, &before), 0);
	assert_int_equal(db_begin(&f->db), 0);
	assert_int_equal(reminders_run(&f->env), 0);
	assert_int_equal(db_commit(&f->db), 0);
	assert_int_equal(outbox_max_id(&f->db, &after), 0);
	last[0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(f->db.h, "SELECT text FROM outbox"
	    " ORDER BY id DESC LIMIT 1", -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(last, len, "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return (int)(after - before);
}

/*
 * Simpanan wajib is owed monthly from the month she joined: SALDO and
 * TAGIHAN name what is unpaid, and she is reminded before and on the day.
 */
static void
test_wajib_obligation(void **state)
{
	struct fixture *f = cooperative();
	struct tm tm;
	char sql[128], last[400];

	(void)state;
	f->rules.wajib_amount = 10000;
	f->rules.wajib_due_day = 10;
	f->rules.reminder_days_before = 3;
	/* She joined on 5 September: September, October, November are due. */
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = 126;
	tm.tm_mon = 8;
	tm.tm_mday = 5;
	tm.tm_hour = 9;
	tm.tm_isdst = -1;
	snprintf(sql, sizeof(sql), "UPDATE members SET created_at = %lld WHERE"
	    " number = 'A017'", (long long)mktime(&tm));
	assert_int_equal(sqlite3_exec(f->db.h, sql, NULL, NULL, NULL), SQLITE_OK);
	/* The others joined on 11 December, after its due day. */
	tm.tm_mon = 11;
	tm.tm_mday = 11;
	tm.tm_isdst = -1;
	snprintf(sql, sizeof(sql), "UPDATE members SET created_at = %lld WHERE"
	    " number <> 'A017'", (long long)mktime(&tm));
	assert_int_equal(sqlite3_exec(f->db.h, sql, NULL, NULL, NULL), SQLITE_OK);

	assert_int_equal(fixture_sms(f, SITI, "SALDO 2580"), 1);
	assert_non_null(strstr(f->sms[0].text, "Wajib belum dibayar 3 bln,"
	    " Rp30.000."));
	assert_int_equal(fixture_sms(f, KASIR, "SIMPAN A017 10rb wajib 5303"), 3);
	assert_int_equal(fixture_sms(f, SITI, "TAGIHAN 2580"), 1);
	assert_string_equal(f->sms[0].text, "Anda tidak punya tagihan pinjaman."
	    " Wajib belum dibayar 2 bln, Rp20.000.");
	/* Budi joins later: nothing is due from him yet. */
	assert_int_equal(fixture_sms(f, BUDI, "SALDO 4719"), 1);
	assert_null(strstr(f->sms[0].text, "Wajib belum"));

	/* Three days before 10 December, once; on the day, again. */
	fixture_set_today(f, "2026-12-07");
	assert_int_equal(run_reminders(f, last, sizeof(last)), 1);
	assert_string_equal(last, "Pengingat: simpanan wajib Rp30.000 (3 bln)"
	    " jatuh tempo 10 Des 2026. Setor ke kasir koperasi.");
	assert_int_equal(run_reminders(f, last, sizeof(last)), 0);
	fixture_set_today(f, "2026-12-08");
	assert_int_equal(run_reminders(f, last, sizeof(last)), 0);
	fixture_set_today(f, "2026-12-10");
	assert_int_equal(fixture_sms(f, KASIR, "SIMPAN A017 20rb wajib 5303"), 3);
	assert_int_equal(run_reminders(f, last, sizeof(last)), 1);
	assert_string_equal(last, "Hari ini jatuh tempo simpanan wajib: Rp10.000"
	    " (1 bln) belum dibayar. Setor ke kasir koperasi.");
	assert_int_equal(fixture_ledger_problems(f), 0);
	fixture_close(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_villagers),
		cmocka_unit_test(test_rate_notice_once),
		cmocka_unit_test(test_long_name_one_sms),
		cmocka_unit_test(test_wajib_obligation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
