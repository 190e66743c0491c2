#!/bin/sh
# kopdesctl's contract (SPEC §7): every form's output and exit status;
# bad input exits 1 with one line and changes nothing; usage errors exit 2.
. tests/it/lib.sh

DB="$T/c.db"
k() { "$CTL" --db "$DB" "$@"; }
# refused EXPECTED_TEXT CMD...: exit 1, exactly one stderr line.
refused() {
	want=$1; shift
	k "$@" >/dev/null 2>"$T/err"; rc=$?
	[ $rc = 1 ] || fail "[$*] exit $rc, expected 1"
	[ "$(wc -l < "$T/err")" = 1 ] || fail "[$*] stderr has $(wc -l < "$T/err") lines"
	grep -qF -- "$want" "$T/err" || fail "[$*] stderr [$(cat "$T/err")] lacks [$want]"
}
usage() { k "$@" >/dev/null 2>&1; rc=$?; [ $rc = 2 ] || fail "[$*] exit $rc, expected 2"; }
members() { q2 "SELECT count(*) FROM members"; }
q2() { sqlite3 -batch -noheader "$DB" "$1"; }

k init >/dev/null || fail "init"
[ -f "$DB.key" ] || fail "--db PATH keeps the PIN key in PATH.key"
expect_eq "$(stat -c %a "$DB.key")" 600 "key file mode"
for sub in init "member add" "member list" "member import" "member unlock" \
    "member pin-reset" "price set" "price list" "price alias" sim "ledger check" \
    "ledger reverse" "loan list" "loan approve" "loan reject" \
    "deposit confirm" inject "outbox list" status; do
	# shellcheck disable=SC2086
	k $sub --help | grep -q "cara pakai: kopdesctl" || fail "$sub --help"
done
usage frobnicate
usage member
usage member add --name X
usage sim --from 0812

expect_eq "$(k member add --phone 081300000001 --name 'Siti Aminah' --pin 2580)" A001 "first number"
expect_eq "$(k member add --phone +6281300000002 --name 'Kasir, Satu' --role kasir --pin 5303 --id K001)" K001 "given id"
refused "bukan nomor telepon" member add --phone 12ab --name X
refused "peran harus" member add --phone 081300000009 --name X --role raja
refused "4 sampai 6 angka" member add --phone 081300000009 --name X --pin 12
refused "harus 1-3 huruf" member add --phone 081300000009 --name X --id 17A
refused "sudah terdaftar untuk A001" member add --phone 6281300000001 --name X
refused "sudah dipakai" member add --phone 081300000009 --name X --id k001
# A new member's first SMS: her number and how to ask for her balance.
expect_eq "$(q2 "SELECT text FROM outbox WHERE phone = '+6281300000001'")" \
    "Selamat datang di Koperasi Desa Merah Putih Contoh, Siti! Nomor anggota Anda A001. Cek saldo: ketik SALDO lalu PIN Anda, mis. SALDO 1234." "welcome SMS"
expect_eq "$(members)" 2 "refusals changed nothing"

k member list --csv > "$T/list.csv"
expect_eq "$(head -1 "$T/list.csv")" "number,phone,name,role,locked,pokok,wajib,sukarela" "csv header"
grep -qF '"Kasir, Satu"' "$T/list.csv" || fail "csv quotes a name with a comma"
k member list | grep -q "Siti Aminah" || fail "member list"

printf 'name,phone,pin\nBudi,081300000010,1357\nBad,notaphone,1357\nAni,081300000011,2468\n' > "$T/bad.csv"
refused "bad.csv:3:" member import "$T/bad.csv"
expect_eq "$(members)" 2 "a bad import imports nothing"
expect_eq "$(q2 "SELECT count(*) FROM outbox WHERE phone = '+6281300000010'")" 0 "nor welcomes anyone"
printf 'phone,name,role,pin,id\n081300000010,Budi,anggota,1357,A010\n081300000011,"Ani, Bu",bendahara,2468,\n' > "$T/good.csv"
expect_eq "$(k member import "$T/good.csv")" "2 anggota diimpor" "import"
expect_eq "$(members)" 4 "imported"
expect_eq "$(q2 "SELECT text FROM outbox WHERE phone = '+6281300000010'")" \
    "Selamat datang di Koperasi Desa Merah Putih Contoh, Budi! Nomor anggota Anda A010. Cek saldo: ketik SALDO lalu PIN Anda, mis. SALDO 1234." "imported members welcomed"

refused "bukan jumlah rupiah" price set Beras 12x
k price set Beras Medium 12.500 --unit kg >/dev/null || fail "price set"
k price list | grep -q "^Beras Medium  *Rp12.500  kg" || fail "price list"
expect_eq "$(k price list --csv)" "$(printf 'Barang,Harga,Satuan,Diubah\nBeras Medium,12500,kg,2026-11-23')" "price list --csv"
# The cooperative's own shop word, answered by HARGA like the built-in ones.
k price set Minyak Goreng 15700 --unit liter >/dev/null || fail "price set"
expect_eq "$(k price alias mgr minyak goreng)" "mgr: Minyak Goreng" "price alias"
refused "tidak ada barang" price alias gk gula kelapa
refused "satu kata dari huruf" price alias mgr2 minyak
k sim --from 085700000001 harga mgr | grep -qF "Minyak Goreng Rp15.700/liter" || fail "HARGA by alias"

export KOPDES_NOW=2026-11-23T09:00
k sim --from 081300000002 SIMPAN A001 300rb 5303 > "$T/sim.out" || fail "sim"
grep -qF "+6281300000001	Setoran simpanan sukarela Rp300.000" "$T/sim.out" || fail "sim prints PHONE<TAB>TEXT"
expect_eq "$(head -1 "$T/sim.out")" "+6281300000002	Setoran dicatat: A001 Siti Rp300.000 simpanan sukarela. Saldo sukarela Rp300.000. Ref R000001." "sim prints the sender's reply first, unmarked"
expect_eq "$(grep -c '	SMS$' "$T/sim.out")" "$(($(wc -l < "$T/sim.out") - 1))" "what goes to others is marked SMS"
expect_eq "$(q2 "SELECT count(*) FROM outbox WHERE phone = '+6281300000002' AND state = 'antri' AND inbox_id = (SELECT max(id) FROM inbox)")" 0 "the sender's reply is not queued"
expect_eq "$(q2 "SELECT channel || ' ' || state FROM outbox WHERE phone = '+6281300000002' AND inbox_id = (SELECT max(id) FROM inbox)")" "sim terkirim" "the reply is recorded as answered on the terminal"
expect_eq "$(q2 "SELECT DISTINCT channel FROM inbox")" "sim" "inbox row records its channel"
k ledger check >/dev/null || fail "ledger clean"
k ledger reverse R000001 --reason 'salah catat' > "$T/rev.out" || fail "reverse"
expect_eq "$(head -1 "$T/rev.out")" R000002 "reversal ref"
expect_eq "$(sed -n 2p "$T/rev.out")" "membalik R000001 setoran Rp300.000 untuk A001 Siti Aminah" "what was reversed, for whom"
expect_eq "$(q2 "SELECT text FROM outbox WHERE phone = '+6281300000001' ORDER BY id DESC LIMIT 1")" \
    "Koreksi: setoran Rp300.000 (Ref R000001) dibatalkan pengurus. Alasan: salah catat. Ref koreksi R000002. Ketik SALDO lalu PIN untuk saldo Anda." "member told of the reversal"
before=$(q2 "SELECT (SELECT count(*) FROM inbox) || (SELECT count(*) FROM outbox) || (SELECT count(*) FROM journal)")
k sim --dry-run --from 081300000002 SIMPAN A001 300rb 5303 > "$T/dry.out" 2>"$T/dry.err" || fail "sim --dry-run"
grep -qF "+6281300000002	Setoran dicatat: A001 Siti Rp300.000" "$T/dry.out" || fail "dry run shows the reply"
grep -qF "tidak ada yang disimpan" "$T/dry.err" || fail "dry run says so"
expect_eq "$(q2 "SELECT (SELECT count(*) FROM inbox) || (SELECT count(*) FROM outbox) || (SELECT count(*) FROM journal)")" "$before" "dry run changes nothing"
k sim --from INFO-OPERATOR SALDO > "$T/ign.out" 2>"$T/ign.err" || fail "sim from a non-person"
expect_eq "$(cat "$T/ign.out")" "" "nothing printed for a non-person"
expect_eq "$(cat "$T/ign.err")" "diabaikan: pengirim bukan orang" "says why it was ignored"
expect_eq "$(q2 "SELECT sum(balance) FROM accounts WHERE code = 'simpanan_sukarela'")" 0 "reversal restores"
refused "sudah dibalik" ledger reverse R000001 --reason again
refused "tidak ada transaksi" ledger reverse R009999 --reason x
usage ledger reverse R000001
k ledger check >/dev/null || fail "ledger clean after reversal"

k sim --from 081300000002 SIMPAN A001 300rb 5303 >/dev/null
k sim --from 081300000001 SIMPAN 20rb 2580 >/dev/null
k deposit confirm S0001 | grep -qF "Rp20.000" || fail "deposit confirm"
refused "sudah diterima" deposit confirm S0001
k sim --from 081300000001 PINJAM 300rb 5 2580 >/dev/null
k loan list | grep -q "P0001.*diajukan" || fail "loan list"
k loan approve P0001 > "$T/appr.out" || fail "loan approve"
grep -qF "+6281300000001	Pinjaman P0001 Rp300.000 disetujui" "$T/appr.out" || fail "member told of approval"
refused "P0001 sudah diputuskan (aktif)" loan reject P0001
refused "P0001 sudah diputuskan (aktif)" loan approve P0001
k outbox list --state antri | grep -q "antri" || fail "outbox list"
k status | grep -q "outbox:" || fail "status"

k member pin-reset A001 --pin 8642 >/dev/null || fail "pin-reset"
expect_has "$(q2 "SELECT text FROM outbox WHERE phone = '+6281300000001' ORDER BY id DESC LIMIT 1")" "PIN Anda sudah diganti oleh pengurus" "member told of the reset"
k sim --from 081300000001 SALDO 8642 | grep -q "Saldo A001" || fail "new PIN works"
i=0; while [ $i -lt 12 ]; do k sim --from 081300000077 HARGA >/dev/null 2>&1; i=$((i + 1)); done
k sim --from 081300000077 HARGA > "$T/lim.out" 2>"$T/lim.err" || fail "rate-limited sim"
expect_eq "$(cat "$T/lim.out")" "" "nothing printed when rate-limited"
expect_has "$(cat "$T/lim.err")" "dibatasi" "says it was rate-limited"
k member unlock A001 >/dev/null || fail "unlock"
expect_has "$(q2 "SELECT text FROM outbox WHERE phone = '+6281300000001' ORDER BY id DESC LIMIT 1")" "PIN Anda sudah dibuka" "member told of the unlock"

# Approval weighs the limits against the books of that moment.
k sim --from 081300000002 SIMPAN A010 100rb 5303 >/dev/null
k sim --from 081300000010 PINJAM 300rb 5 1357 | grep -q P0002 || fail "P0002 applied"
k sim --from 081300000002 TARIK A010 50rb 5303 >/dev/null
refused "Tidak disetujui: pinjaman Rp300.000 melebihi 3x simpanan Rp50.000 (maks Rp150.000)." loan approve P0002
expect_eq "$(q2 "SELECT state FROM loans WHERE code = 'P0002'")" diajukan "refused approval leaves it pending"
expect_eq "$(q2 "SELECT count(*) FROM journal WHERE kind = 'pencairan'")" 1 "refused approval pays nothing"
k ledger check >/dev/null || fail "ledger clean after a refused approval"
# Two decisions at once: one wins, the other is told it came second.
k loan reject P0002 >/dev/null 2>"$T/d1.err" & d1=$!
k loan reject P0002 >/dev/null 2>"$T/d2.err" & d2=$!
wait $d1; r1=$?
wait $d2; r2=$?
expect_eq "$((r1 + r2))" 1 "one decision wins, one is refused"
grep -qF "P0002 sudah diputuskan (ditolak)" "$T/d1.err" "$T/d2.err" || fail "the second decision is told: $(cat "$T/d1.err" "$T/d2.err")"
expect_eq "$(q2 "SELECT count(*) FROM outbox WHERE text LIKE 'Pengajuan pinjaman P0002%belum dapat%'")" 1 "the member is told once"

# A corrupted database is caught and named.
k ledger check >/dev/null || fail "clean before corruption"
q2 "UPDATE accounts SET balance = balance + 1 WHERE code = 'kas'"
k ledger check > "$T/chk.out" 2>/dev/null && fail "corrupted balance passed"
grep -q "akun kas saldo" "$T/chk.out" || fail "check names the account"
q2 "UPDATE accounts SET balance = balance - 1 WHERE code = 'kas'"
q2 "DELETE FROM journal_lines WHERE id = (SELECT max(id) FROM journal_lines)"
k ledger check > "$T/chk.out" 2>/dev/null && fail "deleted line passed"
grep -q "transaksi .* tidak seimbang" "$T/chk.out" || fail "check names the unbalanced entry"
echo "ctl: ok"
