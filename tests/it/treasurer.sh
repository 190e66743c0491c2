#!/bin/sh
# The treasurer's months through kopdesctl alone, on the real database:
# a loan paid late, a member who changes SIM, one who leaves, a reversal,
# then the monthly report, the balance sheet, loan quality and each export
# checked to the rupiah against figures worked out by hand (in comments),
# and against `ledger list` sums; the members export re-imported into a
# fresh database gives the same members.
. tests/it/lib.sh

write_config
at() { export KOPDES_NOW="$1"; }
# sim FROM TEXT...: one SMS now; OUT holds the SMS it caused.
sim() {
	from=$1; shift
	OUT=$(ctl sim --from "$from" "$@") || fail "sim $*"
	ctl ledger check >/dev/null || fail "ledger check after: $*"
}
sms_to() { printf '%s\n' "$OUT" | awk -F '\t' -v p="$1" '$1 == p { print $2 }'; }
# csv_get FILE KEYCOL KEY COL: the field COL of the row whose KEYCOL is KEY.
csv_get() {
	awk -F, -v kc="$2" -v k="$3" -v c="$4" 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
	    $h[kc] == k { print $h[c] }' "$1"
}
refused() {
	want=$1; shift
	ctl "$@" >/dev/null 2>"$T/err"; rc=$?
	[ $rc = 1 ] || fail "[$*] exit $rc, expected 1"
	[ "$(wc -l < "$T/err")" = 1 ] || fail "[$*] stderr has $(wc -l < "$T/err") lines"
	grep -qF -- "$want" "$T/err" || fail "[$*] stderr [$(cat "$T/err")] lacks [$want]"
}

# --- July: the cooperative starts; Siti borrows 600.000 over 6 months.
at 2026-07-01T09:00
expect_has "$(ctl init)" "belum ada anggota" "init of a new database"
ctl member add --phone 081100000001 --name "Haji Sutrisno" --role ketua --pin 5101 >/dev/null
ctl member add --phone 081100000002 --name "Dewi Lestari" --role bendahara --pin 5202 >/dev/null
ctl member add --phone 081100000003 --name "Agus Salim" --role kasir --pin 5303 >/dev/null
expect_eq "$(ctl member add --phone 081300000001 --name 'Siti Aminah' --pin 2580 \
    --nik 3201010101010001 --address 'Dusun Krajan RT 01/02')" A004 "Siti's number"
ctl member add --phone 081300000002 --name "Wayan Sudarma" --pin 3691 >/dev/null
ctl member add --phone 081300000003 --name "Rina Marlina" --pin 4826 >/dev/null
refused "NIK adalah 16 angka" member add --phone 081300000009 --name X --nik 12ab
expect_has "$(ctl init)" "sudah berisi 6 anggota aktif" "init on a database in use"
for m in A004 A005 A006; do sim 081100000003 SIMPAN $m 100rb POKOK 5303; done
sim 081100000003 SIMPAN A004 1jt 5303
sim 081100000003 SIMPAN A005 500rb 5303
sim 081100000003 SIMPAN A006 200rb 5303
# kas 2.000.000
sim 081300000001 PINJAM 600rb 6 2580
ctl loan approve P0001 >/dev/null || fail "P0001 approved"
# instalments 100.000 + 9.000 jasa, due on the 1st from August; kas 1.400.000

# --- October: Wayan borrows 1.000.000 over 10 months: 100.000 + 15.000 on the 5th.
at 2026-10-05T09:00
sim 081300000002 PINJAM 1jt 10 3691
ctl loan approve P0002 >/dev/null || fail "P0002 approved"
# kas 400.000

# --- November, the month reported.
at 2026-11-02T09:00
ctl member add --phone 081300000004 --name "Budi Santoso" --pin 1357 >/dev/null
at 2026-11-03T09:00
sim 081100000003 SIMPAN A004 50rb WAJIB 5303
# Wayan pays the 5 November instalment five days late: 115.000 x 0,10% x 5 = 575 denda.
at 2026-11-10T09:00
sim 081300000002 TAGIHAN 3691
expect_has "$(sms_to +6281300000002)" "TUNGGAKAN 1 angsuran, Rp115.575 termasuk denda" "late instalment"
ctl loan list --overdue > "$T/over.out"
expect_has "$(cat "$T/over.out")" "P0002" "Wayan's loan is overdue"
grep "P0002" "$T/over.out" | grep -q "Rp115.000  Rp1.150.000  *5  *Rp575  TERLAMBAT" || fail "overdue row: $(cat "$T/over.out")"
sim 081100000003 BAYAR A005 115575 5303
ctl loan list --overdue | grep -q P0002 && fail "paid loan still overdue"
sim 081300000002 TAGIHAN 3691
SISA_SMS=$(sms_to +6281300000002 | sed -n 's/.*Sisa pinjaman \(Rp[0-9.]*[0-9]\).*/\1/p')
expect_eq "$SISA_SMS" "Rp1.035.000" "sisa in TAGIHAN"
ctl loan list | grep P0002 | grep -qF "$SISA_SMS" || fail "loan list shows the SMS's sisa"

# Siti changes SIM: her account follows her, the old number is no one's.
at 2026-11-12T09:00
refused "sudah terdaftar untuk A005" member edit A004 --phone 081300000002
expect_has "$(ctl member edit A004 --phone 081399999999 --by A002)" "1 perubahan dicatat (oleh A002 Dewi Lestari)" "edit"
expect_eq "$(q "SELECT detail FROM audit WHERE action = 'member_ubah'")" "telepon +6281300000001 -> +6281399999999 (oleh A002 Dewi Lestari)" "audited with the officer"
sim 081399999999 SALDO 2580
expect_has "$(sms_to +6281399999999)" "Saldo A004 Siti: Pokok Rp100.000, Wajib Rp50.000, Sukarela Rp1.000.000" "new SIM, same account"
sim 081300000001 SALDO 2580
expect_has "$(sms_to +6281300000001)" "belum terdaftar" "old number is no one's"
ctl member edit A004 --nik 3201010101010002 >/dev/null
q "SELECT detail FROM audit" | grep -q 3201010101010002 && fail "NIK in the audit"
expect_has "$(ctl member show A004)" "NIK        3201010101010002" "NIK in member show"

# A deposit to the wrong member, reversed.
at 2026-11-15T09:00
sim 081100000003 SIMPAN A006 75rb 5303
REF=$(sms_to +6281100000003 | sed -n 's/.*Ref \(R[0-9]*\).*/\1/p')
ctl ledger reverse "$REF" --reason "salah anggota" > "$T/rev.out" || fail "reverse"
expect_eq "$(sed -n 2p "$T/rev.out")" "membalik $REF setoran Rp75.000 untuk A006 Rina Marlina" "what was reversed"
expect_eq "$(ctl ledger list --ref "$REF" --csv | tail -n +2 | wc -l)" 4 "the entry and its reversal"

# Rina leaves: refused for Wayan (loan open), and for her while her own
# deposit waits; then her 100.000 pokok and 210.000 sukarela are paid out.
at 2026-11-20T09:00
refused "masih punya pinjaman P0002" member leave A005
sim 081300000003 SIMPAN 10rb 4826
refused "masih punya setoran S0001 yang menunggu" member leave A006
ctl deposit confirm S0001 >/dev/null || fail "S0001 received"
expect_has "$(ctl member leave A006 --by A002)" "A006 Rina Marlina keluar 2026-11-20; simpanan dikembalikan Rp310.000" "leave"
refused "sudah terdaftar untuk A006" member add --phone 081300000003 --name Baru
refused "sudah keluar" member leave A006
PAYOUT=$(ctl ledger list --member A006 --csv | tail -1 | cut -d, -f2)
refused "mengembalikan simpanan anggota yang keluar" ledger reverse "$PAYOUT" --reason coba
sim 081300000003 SALDO 4826
expect_has "$(sms_to +6281300000003)" "belum terdaftar" "one who left is no member"
sim 081100000003 SIMPAN A006 10rb 5303
expect_has "$(sms_to +6281100000003)" "Anggota A006 tidak terdaftar" "the kasir is told A006 is no member"
expect_eq "$(ctl ledger list --member A006 --csv | tail -1 | cut -d, -f3)" keluar "nothing posted to one who left"
expect_has "$(ctl member show A006)" "keluar 2026-11-20" "her page stays"
at 2026-11-25T09:00
sim 081399999999 SIMPAN 20rb 2580
expect_has "$(ctl deposit list)" "S0002" "deposit waiting"

# --- The month's books: each figure by hand, and equal to ledger list sums.
at 2026-12-01T08:00
ctl report bulanan 2026-11 --csv > "$T/month.csv" || fail "report bulanan"
row() { awk -F, -v a="$1" '$2 == a { print $3 "," $4 "," $5 "," $6 }' "$T/month.csv"; }
#                        awal      bertambah berkurang akhir
expect_eq "$(row kas)"               "400000,250575,385000,265575" "kas"
expect_eq "$(row piutang_pinjaman)"  "1600000,0,100000,1500000" "piutang"
expect_eq "$(row simpanan_pokok)"    "300000,0,100000,200000" "pokok"
expect_eq "$(row simpanan_wajib)"    "0,50000,0,50000" "wajib"
expect_eq "$(row simpanan_sukarela)" "1700000,85000,285000,1500000" "sukarela"
expect_eq "$(row pendapatan_jasa)"   "0,15000,0,15000" "jasa"
expect_eq "$(row pendapatan_denda)"  "0,575,0,575" "denda"
expect_eq "$(awk -F, '$2 == "anggota_masuk" { print $4 }' "$T/month.csv")" 1 "joined"
expect_eq "$(awk -F, '$2 == "anggota_keluar" { print $5 }' "$T/month.csv")" 1 "left"
ctl ledger list --from 2026-11-01 --to 2026-11-30 --csv > "$T/nov.csv"
for a in kas piutang_pinjaman simpanan_pokok simpanan_wajib simpanan_sukarela pendapatan_jasa pendapatan_denda; do
	sums=$(awk -F, -v a="$a" 'NR > 1 && $5 == a { d += $7; c += $8 } END { print d + 0 "," c + 0 }' "$T/nov.csv")
	case $a in kas|piutang_pinjaman) want=$(row $a | awk -F, '{ print $2 "," $3 }') ;;
	*) want=$(row $a | awk -F, '{ print $3 "," $2 }') ;; esac
	expect_eq "$sums" "$want" "ledger list sums of $a"
done
expect_has "$(ctl report bulanan 2026-11)" "Laporan bulanan 2026-11" "readable month"

ctl report neraca 2026-11-30 --csv > "$T/neraca.csv" || fail "neraca balances"
nr() { awk -F, -v p="$1" '$2 == p { print $3 }' "$T/neraca.csv"; }
expect_eq "$(nr Kas)" 265575 "neraca kas"
expect_eq "$(nr 'Piutang pinjaman')" 1500000 "neraca piutang"
expect_eq "$(nr 'Jumlah aset')" 1765575 "assets"
expect_eq "$(nr 'Simpanan sukarela')" 1500000 "liabilities"
expect_eq "$(nr 'SHU belum dibagi (jasa + denda)')" 15575 "SHU"
expect_eq "$(nr 'Jumlah kewajiban dan ekuitas')" 1765575 "liabilities + equity"
expect_has "$(ctl report harian 2026-11-20)" "keluar" "the day Rina left"

# --- Loan quality on 20 December: Siti 141 days late, Wayan 15.
at 2026-12-20T09:00
ctl report kolektibilitas --csv > "$T/kol.csv" || fail "kolektibilitas"
ctl report kolektibilitas > "$T/kol.out"
grep -q "P0001  A004  Siti Aminah  *141  diragukan  *Rp600.000" "$T/kol.out" || fail "Siti's class: $(cat "$T/kol.out")"
grep -q "P0002  A005  Wayan Sudarma  *15  dalam perhatian khusus  *Rp900.000" "$T/kol.out" || fail "Wayan's class"
expect_eq "$(csv_get "$T/kol.csv" Kolektibilitas diragukan Pinjaman)" 1 "one loan diragukan"
expect_eq "$(csv_get "$T/kol.csv" Kolektibilitas macet Pinjaman)" 0 "none macet"
expect_eq "$(csv_get "$T/kol.csv" Kolektibilitas diragukan 'Sisa pokok')" 600000 "diragukan total"
expect_eq "$(csv_get "$T/kol.csv" Kolektibilitas 'dalam perhatian khusus' 'Sisa pokok')" 900000 "dpk total"
expect_eq "$(csv_get "$T/kol.csv" Kolektibilitas PAR30 Pinjaman)" "40.00%" "PAR30"
expect_has "$(cat "$T/kol.out")" "PAR30 (sisa pokok terlambat lebih dari 30 hari): Rp600.000, 40,00%" "PAR30 readable"

# --- Exports.
ctl export members "$T/members.csv" >/dev/null || fail "export members"
expect_eq "$(head -1 "$T/members.csv")" "number,phone,name,role,nik,address,joined_on,left_on,locked,pokok,wajib,sukarela" "members header"
expect_eq "$(csv_get "$T/members.csv" number A004 phone)" "+6281399999999" "new SIM exported"
expect_eq "$(csv_get "$T/members.csv" number A004 sukarela)" 1000000 "savings exported"
expect_eq "$(csv_get "$T/members.csv" number A006 left_on)" 2026-11-20 "leaving exported"
expect_eq "$(csv_get "$T/members.csv" number A004 joined_on)" 2026-07-01 "joined exported"
ctl export members --from 2026-11-01 --to 2026-11-30 "$T/nov-members.csv" >/dev/null || fail "export members --from"
expect_eq "$(tail -n +2 "$T/nov-members.csv" | cut -d, -f1)" A007 "only Budi joined in November"
ctl export loans "$T/loans.csv" >/dev/null || fail "export loans"
expect_eq "$(csv_get "$T/loans.csv" code P0002 principal_left)" 900000 "loan export principal left"
expect_eq "$(csv_get "$T/loans.csv" code P0001 days_late)" 141 "loan export days late"
expect_eq "$(csv_get "$T/loans.csv" code P0001 kolektibilitas)" diragukan "loan export class"
ctl export ledger --from 2026-11-01 --to 2026-11-30 "$T/ledger.csv" >/dev/null || fail "export ledger"
expect_eq "$(awk -F, 'NR > 1 { d += $8; c += $9 } END { print d "," c }' "$T/ledger.csv")" \
    "$(awk -F, 'NR > 1 { d += $7; c += $8 } END { print d "," c }' "$T/nov.csv")" "ledger export = ledger list"

# One bad register field refuses the whole file, naming its line.
printf 'phone,name,nik\n081300000020,Ani,3201010101010003\n081300000021,Ika,32010\n' > "$T/badnik.csv"
refused "badnik.csv:3: NIK adalah 16 angka; tidak ada yang diimpor" member import "$T/badnik.csv"
expect_eq "$(q "SELECT count(*) FROM members WHERE name = 'Ani'")" 0 "nothing imported"

# The members export into a fresh database gives the same members.
cp "$T/kopdes.conf" "$T/fresh.conf"
sed -i "s|$T/kopdes|$T/fresh|g" "$T/fresh.conf"
"$CTL" -c "$T/fresh.conf" init >/dev/null || fail "fresh init"
expect_eq "$("$CTL" -c "$T/fresh.conf" member import "$T/members.csv")" "7 anggota diimpor" "re-import"
"$CTL" -c "$T/fresh.conf" export members "$T/again.csv" >/dev/null
cut -d, -f1-8 "$T/members.csv" > "$T/a"; cut -d, -f1-8 "$T/again.csv" > "$T/b"
cmp -s "$T/a" "$T/b" || fail "round trip: $(diff "$T/a" "$T/b")"

# --- What villagers asked, and every form's help.
expect_has "$(ctl inbox list --phone 081300000001)" "belum terdaftar" "inbox shows the reply"
ctl inbox list --last 50 | grep -q "SALDO \*\*\*\*" || fail "inbox text redacted"
ctl inbox list --csv | grep -q 2580 && fail "a PIN in inbox list"
expect_eq "$(ctl outbox list --last 1 --phone 081399999999 --csv | tail -n +2 | wc -l)" 1 "outbox --last --phone"
"$CTL" --help >/dev/null || fail "kopdesctl --help exits 0"
"$CTL" frobnicate 2>"$T/err"; [ $? = 2 ] || fail "unknown exits 2"
grep -q "perintah tidak dikenal: frobnicate" "$T/err" || fail "unknown is named"
for sub in "member show" "member edit" "member leave" "ledger list" "loan list" \
    "report harian" "report bulanan" "report neraca" "report kolektibilitas" \
    "export members" "export loans" "export ledger" "inbox list" "outbox list" \
    "outbox cancel" "deposit list"; do
	# shellcheck disable=SC2086
	ctl $sub --help | grep -q "cara pakai: kopdesctl $sub" || fail "$sub --help"
done
echo "treasurer: ok"
