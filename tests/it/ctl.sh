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
    "member pin-reset" "price set" "price list" sim "ledger check" \
    "ledger reverse" "loan list" "loan approve" "loan reject" \
    "deposit confirm" inject "outbox list" status; do
	# shellcheck disable=SC2086
	k $sub --help | grep -q "usage: kopdesctl" || fail "$sub --help"
done
usage frobnicate
usage member
usage member add --name X
usage sim --from 0812

expect_eq "$(k member add --phone 081300000001 --name 'Siti Aminah' --pin 2580)" A001 "first number"
expect_eq "$(k member add --phone +6281300000002 --name 'Kasir, Satu' --role kasir --pin 5303 --id K001)" K001 "given id"
refused "not a phone number" member add --phone 12ab --name X
refused "role must be" member add --phone 081300000009 --name X --role raja
refused "4 to 6 digits" member add --phone 081300000009 --name X --pin 12
refused "must be 1-3 letters" member add --phone 081300000009 --name X --id 17A
refused "already registered to A001" member add --phone 6281300000001 --name X
refused "is taken" member add --phone 081300000009 --name X --id k001
expect_eq "$(members)" 2 "refusals changed nothing"

k member list --csv > "$T/list.csv"
expect_eq "$(head -1 "$T/list.csv")" "number,phone,name,role,locked,pokok,wajib,sukarela" "csv header"
grep -qF '"Kasir, Satu"' "$T/list.csv" || fail "csv quotes a name with a comma"
k member list | grep -q "Siti Aminah" || fail "member list"

printf 'name,phone,pin\nBudi,081300000010,1357\nBad,notaphone,1357\nAni,081300000011,2468\n' > "$T/bad.csv"
refused "bad.csv:3:" member import "$T/bad.csv"
expect_eq "$(members)" 2 "a bad import imports nothing"
printf 'phone,name,role,pin,id\n081300000010,Budi,anggota,1357,A010\n081300000011,"Ani, Bu",bendahara,2468,\n' > "$T/good.csv"
expect_eq "$(k member import "$T/good.csv")" "imported 2 members" "import"
expect_eq "$(members)" 4 "imported"

refused "not an amount" price set Beras 12x
k price set Beras Medium 12.500 --unit kg >/dev/null || fail "price set"
k price list | grep -q "Beras Medium.*Rp12.500/kg" || fail "price list"

export KOPDES_NOW=2026-11-23T09:00
k sim --from 081300000002 SIMPAN A001 300rb 5303 > "$T/sim.out" || fail "sim"
grep -qF "+6281300000001	Setoran simpanan sukarela Rp300.000" "$T/sim.out" || fail "sim prints PHONE<TAB>TEXT"
expect_eq "$(head -1 "$T/sim.out")" "+6281300000002	Setoran dicatat: A001 Siti Rp300.000 simpanan sukarela. Saldo sukarela Rp300.000. Ref R000001." "sim prints the sender's reply first, unmarked"
expect_eq "$(grep -c '	SMS$' "$T/sim.out")" "$(($(wc -l < "$T/sim.out") - 1))" "what goes to others is marked SMS"
expect_eq "$(q2 "SELECT count(*) FROM outbox WHERE phone = '+6281300000002' AND state = 'antri'")" 0 "the sender's reply is not queued"
expect_eq "$(q2 "SELECT channel || ' ' || state FROM outbox WHERE phone = '+6281300000002'")" "sim terkirim" "the reply is recorded as answered on the terminal"
expect_eq "$(q2 "SELECT channel FROM inbox")" "sim" "inbox row records its channel"
k ledger check >/dev/null || fail "ledger clean"
before=$(q2 "SELECT (SELECT count(*) FROM inbox) || (SELECT count(*) FROM outbox) || (SELECT count(*) FROM journal)")
k sim --dry-run --from 081300000002 SIMPAN A001 300rb 5303 > "$T/dry.out" 2>"$T/dry.err" || fail "sim --dry-run"
grep -qF "+6281300000002	Setoran dicatat: A001 Siti Rp300.000" "$T/dry.out" || fail "dry run shows the reply"
grep -qF "nothing stored" "$T/dry.err" || fail "dry run says so"
expect_eq "$(q2 "SELECT (SELECT count(*) FROM inbox) || (SELECT count(*) FROM outbox) || (SELECT count(*) FROM journal)")" "$before" "dry run changes nothing"
k sim --from INFO-OPERATOR SALDO > "$T/ign.out" 2>"$T/ign.err" || fail "sim from a non-person"
expect_eq "$(cat "$T/ign.out")" "" "nothing printed for a non-person"
expect_eq "$(cat "$T/ign.err")" "diabaikan: pengirim bukan orang" "says why it was ignored"
expect_eq "$(k ledger reverse R000001 --reason 'salah catat')" R000002 "reversal ref"
expect_eq "$(q2 "SELECT sum(balance) FROM accounts WHERE code = 'simpanan_sukarela'")" 0 "reversal restores"
refused "reversed already" ledger reverse R000001 --reason again
refused "no entry" ledger reverse R009999 --reason x
usage ledger reverse R000001
k ledger check >/dev/null || fail "ledger clean after reversal"

k sim --from 081300000002 SIMPAN A001 300rb 5303 >/dev/null
k sim --from 081300000001 SIMPAN 20rb 2580 >/dev/null
k deposit confirm S0001 | grep -qF "Rp20.000" || fail "deposit confirm"
refused "received already" deposit confirm S0001
k sim --from 081300000001 PINJAM 300rb 5 2580 >/dev/null
k loan list | grep -q "P0001.*diajukan" || fail "loan list"
k loan approve P0001 > "$T/appr.out" || fail "loan approve"
grep -qF "+6281300000001	Pinjaman P0001 Rp300.000 disetujui" "$T/appr.out" || fail "member told of approval"
refused "sudah disetujui" loan reject P0001
k outbox list --state antri | grep -q "antri" || fail "outbox list"
k status | grep -q "outbox:" || fail "status"

k member pin-reset A001 --pin 8642 >/dev/null || fail "pin-reset"
k sim --from 081300000001 SALDO 8642 | grep -q "Saldo A001" || fail "new PIN works"
i=0; while [ $i -lt 12 ]; do k sim --from 081300000077 HARGA >/dev/null 2>&1; i=$((i + 1)); done
k sim --from 081300000077 HARGA > "$T/lim.out" 2>"$T/lim.err" || fail "rate-limited sim"
expect_eq "$(cat "$T/lim.out")" "" "nothing printed when rate-limited"
expect_has "$(cat "$T/lim.err")" "dibatasi" "says it was rate-limited"
k member unlock A001 >/dev/null || fail "unlock"

# A corrupted database is caught and named.
k ledger check >/dev/null || fail "clean before corruption"
q2 "UPDATE accounts SET balance = balance + 1 WHERE code = 'kas'"
k ledger check > "$T/chk.out" 2>/dev/null && fail "corrupted balance passed"
grep -q "account kas balance" "$T/chk.out" || fail "check names the account"
q2 "UPDATE accounts SET balance = balance - 1 WHERE code = 'kas'"
q2 "DELETE FROM journal_lines WHERE id = (SELECT max(id) FROM journal_lines)"
k ledger check > "$T/chk.out" 2>/dev/null && fail "deleted line passed"
grep -q "not balanced" "$T/chk.out" || fail "check names the unbalanced entry"
echo "ctl: ok"
