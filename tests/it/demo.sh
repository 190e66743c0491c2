#!/bin/sh
# make run's demo lives apart from the cooperative's own books: seeded in
# var/demo/ with nothing queued to send, while etc/kopdes.conf starts an
# empty cooperative whose first member is A001.
. tests/it/lib.sh

SRC=$PWD
mkdir -p "$T/site/etc"
cp "$SRC/etc/demo.conf" "$SRC/etc/demo.sh" "$SRC/etc/kopdes.conf" "$T/site/etc/"
cd "$T/site" || fail "cd"
unset KOPDES_NOW
sh etc/demo.sh "$KOPDES_BIN" --seed-only >/dev/null || fail "demo seed"
D="$KOPDES_BIN/kopdesctl -c etc/demo.conf"
[ -f var/demo/kopdes.db ] || fail "the demo database is in var/demo/"
[ -f var/kopdes.db ] && fail "the demo touched the cooperative's own database"
expect_eq "$(sqlite3 var/demo/kopdes.db "SELECT count(*) FROM outbox WHERE state = 'antri'")" 0 "the seed leaves nothing queued"
expect_has "$(sqlite3 var/demo/kopdes.db "SELECT last_error FROM outbox LIMIT 1")" "dibatalkan: data awal demo" "cancelled with a reason"
expect_has "$($D init)" "Koperasi Desa Merah Putih Contoh sudah berisi 8 anggota aktif" "init names the demo"
sh etc/demo.sh "$KOPDES_BIN" --seed-only >/dev/null || fail "second run"
expect_eq "$(sqlite3 var/demo/kopdes.db "SELECT count(*) FROM members")" 8 "seeded once"

O="$KOPDES_BIN/kopdesctl"
expect_has "$($O init)" "belum ada anggota" "the cooperative's own starts empty"
expect_eq "$($O member add --phone 081234567890 --name 'Siti Aminah' --pin 2580)" A001 "her first member is A001"
$O sim --from 081200000001 SALDO 5101 | grep -q "belum terdaftar" || fail "the demo ketua is no one here"
echo "demo: ok"
