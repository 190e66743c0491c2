#!/bin/sh
# A cooperative's whole conversation through `kopdesctl sim` alone: every
# SMS printed is checked for who gets it and the facts in it, and the
# ledger check runs after every step.
. tests/it/lib.sh

write_config
ctl init >/dev/null || fail "init"
KETUA=+6281100000001 BENDAHARA=+6281100000002 KASIR=+6281100000003
SITI=+6281300000001 WAYAN=+6281300000002 RINA=+6281300000003
expect_eq "$(ctl member add --phone 081100000001 --name 'Haji Sutrisno' --role ketua --pin 5101)" A001 "ketua's number"
ctl member add --phone 081100000002 --name "Dewi Lestari" --role bendahara --pin 5202 --id B001 >/dev/null
ctl member add --phone 081100000003 --name "Agus Salim" --role kasir --pin 5303 --id K001 >/dev/null
ctl member add --phone 081300000001 --name "Siti Aminah" --pin 2580 --id A017 >/dev/null
ctl member add --phone 081300000002 --name "Wayan Sudarma" --pin 3691 >/dev/null
ctl member add --phone 081300000003 --name "Rina Marlina" --pin 4826 >/dev/null
ctl price set "Beras Medium" 12.500 --unit kg >/dev/null

step=0
# sim FROM TEXT...: one SMS at its own minute of the day; prints what it caused.
sim() {
	step=$((step + 1))
	export KOPDES_NOW="2026-11-23T$(printf %02d $((8 + step / 60))):$(printf %02d $((step % 60)))"
	from=$1; shift
	OUT=$(ctl sim --from "$from" "$@") || fail "sim $*"
	ctl ledger check >/dev/null || fail "ledger check after: $*"
}
# sms_to PHONE: the text of the SMS the last sim sent to PHONE.
sms_to() { printf '%s\n' "$OUT" | awk -F '\t' -v p="$1" '$1 == p { print $2 }'; }
count() { printf '%s\n' "$OUT" | grep -c . ; }

# Deposits by the kasir: receipt, member confirmation, treasurer alert.
sim 081100000003 SIMPAN A017 500rb 5303
expect_eq "$(count)" 3 "SMS caused by a deposit"
expect_has "$(sms_to $KASIR)" "A017 Siti Rp500.000" "kasir's receipt"
expect_has "$(sms_to $KASIR)" "Ref R000001" "kasir's receipt ref"
expect_has "$(sms_to $SITI)" "Setoran simpanan sukarela Rp500.000 diterima. Saldo sukarela Anda Rp500.000. Ref R000001." "member's confirmation"
expect_has "$(sms_to $BENDAHARA)" "Rp500.000" "bendahara alert"
expect_has "$(sms_to $BENDAHARA)" "R000001" "bendahara alert ref"
sim 081100000003 "SIMPAN#A017#100.000#POKOK#5303."
expect_has "$(sms_to $SITI)" "Saldo pokok Anda Rp100.000" "pokok deposit"
for m in A001 B001 K001 A018 A019; do sim 081100000003 SIMPAN $m 300000 5303; done
expect_has "$(sms_to +6281300000003)" "Rp300.000" "Rina's deposit"

# A member announces a deposit; the kasir receives the cash.
sim 081300000001 SIMPAN 50rb 2580
expect_has "$(sms_to $SITI)" "S0001" "pending deposit code"
expect_has "$(sms_to $KASIR)" "TERIMA S0001" "kasir told how to confirm"
expect_eq "$(q "SELECT balance FROM accounts a JOIN members m ON m.id = a.member_id WHERE m.number = 'A017' AND code = 'simpanan_sukarela'")" 500000 "nothing posted before TERIMA"
sim 081100000003 TERIMA S0001 5303
expect_has "$(sms_to $SITI)" "Saldo sukarela Anda Rp550.000" "pending deposit posted"
sim 081100000003 TERIMA S0001 5303
expect_has "$(sms_to $KASIR)" "S0001" "second TERIMA refused"
expect_eq "$(q "SELECT count(*) FROM journal")" 8 "second TERIMA posts nothing"

sim 081300000001 SALDO 2580
expect_eq "$(sms_to $SITI)" "Saldo A017 Siti: Pokok Rp100.000, Wajib Rp0, Sukarela Rp550.000. Total Rp650.000. Pinjaman Rp0." "SALDO"

# A loan: applied, alerted, approved, repaid in part.
sim 081300000001 PINJAM 1jt 10 2580
expect_has "$(sms_to $SITI)" "P0001" "application code"
expect_has "$(sms_to $SITI)" "Rp115.000" "estimated instalment"
expect_has "$(sms_to $KETUA)" "SETUJU P0001" "ketua alerted"
expect_has "$(sms_to $BENDAHARA)" "SETUJU P0001" "bendahara alerted"
[ -z "$(sms_to $KASIR)" ] || fail "kasir must not get loan alerts"
sim 081100000001 SETUJU P0001 5101
expect_has "$(sms_to $SITI)" "Angsuran Rp115.000/bln x10, pertama 23 Des 2026" "approval tells the schedule"
expect_has "$(sms_to $KETUA)" "disetujui" "ketua's receipt"
# SPEC §8's worked example, to the rupiah.
expect_eq "$(q "SELECT count(*) || ' ' || min(principal + interest) || ' ' || max(principal + interest) || ' ' || sum(principal) || ' ' || sum(interest) FROM instalments")" "10 115000 115000 1000000 150000" "worked example schedule"
sim 081300000001 TAGIHAN 2580
expect_eq "$(sms_to $SITI)" "Tagihan P0001: angsuran ke-1 Rp115.000, jatuh tempo 23 Des 2026. Sisa pinjaman Rp1.150.000." "TAGIHAN"
sim 081100000003 BAYAR A017 200rb 5303
expect_has "$(sms_to $SITI)" "Angsuran P0001 Rp200.000 diterima. Sisa pinjaman Rp950.000." "repayment confirmation"
expect_eq "$(q "SELECT paid_interest || '/' || paid_principal FROM instalments WHERE seq = 2")" "15000/70000" "interest before principal"
sim 081300000001 PINJAM 2580
expect_has "$(sms_to $SITI)" "sisa pinjaman Rp950.000 (pokok Rp830.000)" "loan status"

# A shopper who is not a member.
sim 085700000001 HARGA BERAS
expect_eq "$(sms_to +6285700000001)" "Harga Beras Medium Rp12.500/kg." "HARGA from an unregistered number"

# Three wrong PINs lock; the right one is then refused; an officer unlocks.
sim 081300000002 SALDO 1111
expect_has "$(sms_to $WAYAN)" "PIN salah" "first wrong PIN"
sim 081300000002 SALDO 1112
sim 081300000002 SALDO 1113
expect_has "$(sms_to $WAYAN)" "terkunci" "locked after three"
sim 081300000002 SALDO 3691
expect_has "$(sms_to $WAYAN)" "terkunci" "right PIN refused while locked"
ctl member unlock 081300000002 >/dev/null || fail "unlock"
sim 081300000002 SALDO 3691
expect_has "$(sms_to $WAYAN)" "Total Rp300.000" "unlocked"
expect_eq "$(q "SELECT count(*) FROM audit WHERE action = 'pin_salah'")" 3 "failed PINs recorded"
expect_eq "$(q "SELECT count(*) FROM inbox WHERE text LIKE '%2580%' OR text LIKE '%5303%' OR text LIKE '%3691%'")" 0 "no PIN stored"
echo "scenario: ok"
