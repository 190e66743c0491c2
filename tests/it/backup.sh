#!/bin/sh
# Backups: kopdesctl backup takes a consistent copy while kopdesd handles
# a burst of deposits; the nightly backup runs in the daemon, keeps the
# newest `keep` copies and shows in status; restore refuses while kopdesd
# runs and with a key that does not fit, and otherwise brings the books
# back exactly as copied, keeping the replaced database aside.
. tests/it/lib.sh

write_config "backup = { dir = \"$T/backup\"; time = \"00:00\"; keep = 2; };"
ctl init >/dev/null || fail "init"
ctl member add --phone 081100000001 --name "Sri Kasir" --role kasir --pin 9911 --id K001 >/dev/null
m=1
while [ $m -le 20 ]; do
	ctl member add --phone "0813$(printf %08d $m)" --name "Anggota $m" --pin 1234 --id "A$(printf %03d $m)" >/dev/null
	m=$((m + 1))
done
N=300; i=1
while [ $i -le $N ]; do
	ctl inject --from 081100000001 "SIMPAN A$(printf %03d $(( (i - 1) % 20 + 1 ))) $((1000 + i)) 9911" \
	    >/dev/null 2>"$T/inject.err" || fail "inject $i: $(cat "$T/inject.err")"
	i=$((i + 1))
done

# Older nightly copies: with keep = 2, only the newest of them survives.
mkdir -p "$T/backup"
for d in 20240101 20240102 20240103; do
	for f in "" .key .sha256; do : > "$T/backup/kopdes-$d-020000.db$f"; done
done

start_daemon
i=0; until [ "$(q "SELECT count(*) FROM inbox" 2>/dev/null)" -gt 0 ] 2>/dev/null; do
	i=$((i + 1)); [ $i -gt 300 ] && fail "the burst did not start"; sleep 0.02
done
ctl backup "$T/hand.db" > "$T/backup.out" || fail "backup while the burst runs"
echo "backup taken with $(sqlite3 -batch -noheader "$T/hand.db" "SELECT count(*) FROM inbox WHERE state <> 'baru'") of $N deposits handled, $(sqlite3 -batch -noheader "$T/hand.db" "SELECT count(*) FROM outbox WHERE state = 'terkirim'") replies sent"
expect_has "$(cat "$T/backup.out")" "kunci PIN $T/hand.db.key" "backup names the key beside it"
[ "$(stat -c %a "$T/hand.db.key")" = 600 ] || fail "the key copy must be mode 0600"
(cd "$T" && sha256sum -c --quiet hand.db.sha256) || fail "checksums of the backup"
# Checked on a copy of it: opening a database with kopdesctl changes its file.
cp "$T/hand.db" "$T/look.db"
"$CTL" --db "$T/look.db" ledger check >/dev/null || fail "ledger check of the copy"
hq() { sqlite3 -batch -noheader "$T/hand.db" "$1"; }
expect_eq "$(hq "SELECT count(*) FROM journal")" "$(hq "SELECT count(*) FROM inbox WHERE state = 'selesai'")" \
    "the copy is one moment: one posting per handled SMS"

# The nightly copy, started at 00:00 as the daemon came up.
wait_sql "SELECT count(*) FROM settings WHERE key = 'backup_day'" 1
nightly="$T/backup/kopdes-20261123-090000.db"
[ -f "$nightly" ] && [ -f "$nightly.key" ] && [ -f "$nightly.sha256" ] || fail "nightly backup files: $(ls "$T/backup")"
(cd "$T/backup" && sha256sum -c --quiet "kopdes-20261123-090000.db.sha256") || fail "nightly checksums"
expect_eq "$(ls "$T/backup" | grep -c '\.db$')" 2 "keep = 2 copies"
[ -f "$T/backup/kopdes-20240103-020000.db" ] || fail "the newest old copy must stay"
grep -q "backup: $nightly" "$T/kopdesd.log" || fail "nightly backup logged"
expect_has "$(ctl status)" "cadangan: tiap hari pukul 00:00 ke $T/backup, disimpan 2" "status shows the plan"

wait_sql "SELECT count(*) FROM inbox WHERE state <> 'baru'" $N 60
# Restoring under a running daemon is refused, and changes nothing.
ctl restore "$T/hand.db" 2>"$T/r1.err" && fail "restore ran beside kopdesd"
expect_has "$(cat "$T/r1.err")" "kopdesd sedang berjalan pada $T/kopdes.db (pid $DAEMON_PID)" "restore refused while running"
stop_daemon TERM
expect_has "$(ctl status)" "cadangan: terakhir 2026-11-23 09:00:00, $nightly" "status shows the last backup"
full=$(q "SELECT sum(balance) FROM accounts WHERE code = 'simpanan_sukarela'")

# A key that does not fit the PIN hashes, checksums and all, is refused.
cp "$T/hand.db" "$T/wrong.db"
head -c 32 /dev/urandom > "$T/wrong.db.key"; chmod 600 "$T/wrong.db.key"
(cd "$T" && sha256sum wrong.db wrong.db.key > wrong.db.sha256)
ctl restore "$T/wrong.db" 2>"$T/r2.err" && fail "restore with a wrong key"
expect_has "$(cat "$T/r2.err")" "bukan kunci PIN cadangan ini" "wrong key refused"
rm "$T/wrong.db.key"
ctl restore "$T/wrong.db" 2>"$T/r3.err" && fail "restore without a key"
expect_has "$(cat "$T/r3.err")" "tidak ada kunci PIN yang bisa dipakai untuk cadangan ini" "missing key refused"
# A copy changed after it was taken fails its checksum.
cp "$T/hand.db" "$T/changed.db"; cp -p "$T/hand.db.key" "$T/changed.db.key"
(cd "$T" && sha256sum changed.db changed.db.key > changed.db.sha256)
printf 'x' | dd of="$T/changed.db" bs=1 seek=5000 conv=notrunc 2>/dev/null
ctl restore "$T/changed.db" 2>"$T/r4.err" && fail "restore of a changed copy"
expect_has "$(cat "$T/r4.err")" "tidak cocok dengan checksum-nya" "changed copy refused"
expect_eq "$(q "SELECT sum(balance) FROM accounts WHERE code = 'simpanan_sukarela'")" "$full" "refusals changed nothing"

# A copy dated in another zone than the config names.
cp "$T/kopdes.conf" "$T/wita.conf"; echo 'timezone = "Asia/Makassar";' >> "$T/wita.conf"
"$CTL" -c "$T/wita.conf" restore "$T/hand.db" 2>"$T/r5.err" && fail "restore into another zone"
expect_has "$(cat "$T/r5.err")" "cadangan memakai zona waktu Asia/Jakarta, tetapi" "zone of the copy checked"
expect_eq "$(q "SELECT sum(balance) FROM accounts WHERE code = 'simpanan_sukarela'")" "$full" "refusals changed nothing"

ctl restore "$T/hand.db" > "$T/restore.out" || fail "restore"
expect_has "$(cat "$T/restore.out")" "$T/hand.db dipulihkan ke $T/kopdes.db" "restore says what it did"
aside=$(ls "$T" | grep '^kopdes.db.before-restore-' | grep -v -- '-wal$' | head -1)
[ -n "$aside" ] || fail "the replaced database must be kept aside"
expect_eq "$(sqlite3 -batch -noheader "$T/$aside" "SELECT sum(balance) FROM accounts WHERE code = 'simpanan_sukarela'")" \
    "$full" "the database aside is the one replaced"
for sql in "SELECT group_concat(balance) FROM (SELECT balance FROM accounts ORDER BY id)" \
    "SELECT count(*) FROM journal_lines" "SELECT count(*) FROM members"; do
	expect_eq "$(q "$sql")" "$(hq "$sql")" "restored: $sql"
done
ctl ledger check >/dev/null || fail "ledger check after restore"
# The PINs still work with the restored key.
expect_has "$(ctl sim --from 081300000001 SALDO 1234)" "Saldo A001" "a member's PIN after restore"
echo "backup: ok"
