/*
 * What each kopdesctl form does, in the treasurer's words.  The forms
 * themselves stay in English (SPEC §7: scripts rely on them); this is
 * the line printed under each in `kopdesctl --help` and `FORM --help`.
 */
#include <stdio.h>
#include <string.h>

#include "gateway/ctl.h"

static const struct {
	const char	*form;
	const char	*text;
} help[] = {
	{ "init", "membuat atau memperbarui basis data dan kunci PIN" },
	{ "member add", "mendaftarkan anggota; mencetak nomor anggota" },
	{ "member list", "daftar anggota dengan simpanan dan jumlahnya" },
	{ "member import", "mendaftarkan anggota dari CSV (juga hasil export"
	    " members)" },
	{ "member show", "data satu anggota: simpanan, pinjaman, mutasi terakhir" },
	{ "member edit", "mengubah telepon (SIM baru), nama, peran, NIK, alamat;"
	    " dicatat di audit" },
	{ "member leave", "anggota keluar: simpanan dikembalikan, riwayat tetap" },
	{ "member unlock", "membuka PIN yang terkunci" },
	{ "member pin-reset", "memberi PIN baru" },
	{ "price set", "menetapkan harga barang" },
	{ "price list", "daftar harga" },
	{ "price alias", "kata lain untuk sebuah barang" },
	{ "sim", "memproses TEXT sebagai SMS dari PHONE sekarang" },
	{ "ussd", "memainkan sesi USSD" },
	{ "ledger check", "memeriksa keseimbangan buku" },
	{ "ledger list", "mutasi: baris-baris buku, per anggota atau tanggal" },
	{ "ledger reverse", "membalik (mengoreksi) satu transaksi" },
	{ "loan list", "daftar pinjaman dengan sisa dan keterlambatan" },
	{ "loan approve", "menyetujui pengajuan pinjaman" },
	{ "loan reject", "menolak pengajuan pinjaman" },
	{ "deposit confirm", "menerima setoran yang diumumkan anggota (kode S)" },
	{ "deposit list", "setoran (kode S) yang masih menunggu uangnya" },
	{ "inject", "SMS masuk ke telepon dummy (demo dan uji)" },
	{ "inbox list", "SMS yang masuk: teks tersamar, status, balasan" },
	{ "outbox list", "SMS yang diantrikan dan dikirim" },
	{ "outbox cancel", "membatalkan semua SMS yang masih antri" },
	{ "status", "modem, antrean, kegagalan, apakah kopdesd berjalan" },
	{ "backup", "salinan basis data yang konsisten" },
	{ "restore", "memulihkan dari salinan" },
	{ "report harian", "ringkasan hari: transaksi, kas, kode S, PIN"
	    " terkunci, SMS gagal" },
	{ "report bulanan", "laporan bulan: kas, simpanan, pinjaman, pendapatan,"
	    " anggota masuk dan keluar" },
	{ "report neraca", "neraca: aset = kewajiban + ekuitas" },
	{ "report kolektibilitas", "kualitas pinjaman dalam lima golongan, PAR30" },
	{ "export members", "file CSV anggota" },
	{ "export loans", "file CSV pinjaman" },
	{ "export ledger", "file CSV buku besar" },
};

const char *
ctl_help_text(const struct ctl_command *cmd)
{
	char form[64];
	size_t i;

	snprintf(form, sizeof(form), "%s%s%s", cmd->group ? cmd->group : "",
	    cmd->group ? " " : "", cmd->name);
	for (i = 0; i < sizeof(help) / sizeof(help[0]); i++)
		if (strcmp(help[i].form, form) == 0)
			return help[i].text;
	return NULL;
}
