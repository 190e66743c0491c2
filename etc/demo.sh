#!/bin/sh
# make run: a demo cooperative on Gammu's dummy phone, seeded once, then
# kopdesd in the foreground.  Run from the folder that holds etc/; the demo
# lives in var/demo/ (etc/demo.conf), apart from the cooperative's own
# etc/kopdes.conf.  `demo.sh BIN --seed-only` seeds and stops.
set -e
BIN=${1:-bin}
CTL="$BIN/kopdesctl -c etc/demo.conf"

mkdir -p var/demo/phone
$CTL init >/dev/null

if ! $CTL member show A001 >/dev/null 2>&1; then
	echo "Seeding the demo cooperative in var/demo/kopdes.db ..."
	$CTL member add --phone 081200000001 --name "Haji Sutrisno" --role ketua --pin 5101 --id A001 >/dev/null
	$CTL member add --phone 081200000002 --name "Dewi Lestari" --role bendahara --pin 5202 --id A002 >/dev/null
	$CTL member add --phone 081200000003 --name "Agus Salim" --role kasir --pin 5303 --id A003 >/dev/null
	$CTL member add --phone 081200000011 --name "Siti Aminah" --pin 1111 --id A011 >/dev/null
	$CTL member add --phone 081200000012 --name "Wayan Sudarma" --pin 1212 --id A012 >/dev/null
	$CTL member add --phone 081200000013 --name "Rina Marlina" --pin 1313 --id A013 >/dev/null
	$CTL member add --phone 081200000014 --name "Yohanes Manek" --pin 1414 --id A014 >/dev/null
	$CTL member add --phone 081200000015 --name "Nur Hidayah" --pin 1515 --id A015 >/dev/null
	# Opening balances go through the books like any deposit.
	for m in A001 A002 A003 A011 A012 A013 A014 A015; do
		$CTL sim --from 081200000003 "SIMPAN $m 100000 POKOK 5303" >/dev/null
		$CTL sim --from 081200000003 "SIMPAN $m 500000 SUKARELA 5303" >/dev/null
	done
	$CTL price set "Beras Premium" 14500 --unit kg >/dev/null
	$CTL price set "Beras Medium" 12500 --unit kg >/dev/null
	$CTL price set "Gula Pasir" 17500 --unit kg >/dev/null
	$CTL price set "Minyak Goreng" 15700 --unit liter >/dev/null
	$CTL price set "Telur Ayam" 28000 --unit kg >/dev/null
	$CTL price set "Tepung Terigu" 11000 --unit kg >/dev/null
	$CTL price set "Bawang Merah" 38000 --unit kg >/dev/null
	$CTL price set "Cabai Merah" 45000 --unit kg >/dev/null
	# The seed's receipts and alerts are history, not news to send.
	$CTL outbox cancel --reason "data awal demo" >/dev/null
fi
[ "${2:-}" = --seed-only ] && exit 0

cat <<GUIDE

Demo cooperative (PINs in brackets):
  ketua      081200000001 Haji Sutrisno (5101)
  bendahara  081200000002 Dewi Lestari  (5202)
  kasir      081200000003 Agus Salim    (5303)
  members    081200000011 Siti Aminah (1111), 081200000012 Wayan (1212),
             081200000013 Rina (1313), 081200000014 Yohanes (1414),
             081200000015 Nur (1515)

In another terminal, from this folder:
  $BIN/kopdesctl -c etc/demo.conf inject --from 081200000011 SALDO 1111
  $BIN/kopdesctl -c etc/demo.conf inject --from 081200000003 SIMPAN A011 50rb 5303
  $BIN/kopdesctl -c etc/demo.conf inject --from 085700000000 HARGA BERAS
  $BIN/kopdesctl -c etc/demo.conf outbox list
  $BIN/kopdesctl -c etc/demo.conf status
Or without the daemon: $BIN/kopdesctl -c etc/demo.conf sim --from 081200000011 PINJAM 1jt 10 1111

Starting kopdesd (Ctrl-C stops it) ...
GUIDE
exec "$BIN/kopdesd" -f -c etc/demo.conf
