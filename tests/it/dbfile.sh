#!/bin/sh
# The database and the PIN key are never made anew behind the operator's
# back, and SMS are never handled into a file that is gone: kopdesctl init
# makes no key for PINs hashed with a missing one; kopdesd starts on an
# existing database only, and leaves SMS on the phone while its file is
# deleted or replaced under it; both files are private to their owner.
. tests/it/lib.sh
: "${KOPDES_TOOLS:?KOPDES_TOOLS must name the folder with dummyfill}"
umask 022	# a usual umask: the files must come out private all the same

on_phone() { ls "$T/phone/sms/1" 2>/dev/null | wc -l; }
mode() { stat -c %a "$1"; }
log_lines() { wc -l < "$T/kopdesd.log"; }
# wait_log FROM_LINE TEXT: TEXT appears in kopdesd.log after line FROM_LINE.
wait_log() {
	i=0
	until tail -n +"$(($1 + 1))" "$T/kopdesd.log" | grep -qF -- "$2"; do
		i=$((i + 1)); [ $i -gt 200 ] && fail "no log line [$2]"
		sleep 0.05
	done
}
# kopdesd_refuses: kopdesd exits non-zero at start (bounded wait).
kopdesd_refuses() {
	"$KOPDESD" -f -c "$T/kopdes.conf" >"$T/start.log" 2>&1 &
	pid=$!; i=0
	while kill -0 $pid 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt 100 ] && { kill -9 $pid; fail "kopdesd runs: $(cat "$T/start.log")"; }
		sleep 0.05
	done
	wait $pid && fail "kopdesd exit 0: $(cat "$T/start.log")"
}

write_config
ctl init >/dev/null || fail "init"
ctl member add --phone 081300000001 --name "Siti Aminah" --pin 1234 --id A001 >/dev/null
ctl member add --phone 081300000002 --name "Budi" --pin 5678 --id A002 >/dev/null
expect_eq "$(mode "$T/kopdes.db")" 600 "database mode"
expect_eq "$(mode "$T/kopdes.key")" 600 "key mode"

# The key moved away (or pin_key_file mistyped): init refuses, makes no key.
hashes=$(q "SELECT hex(pin_hash) FROM members ORDER BY id")
mv "$T/kopdes.key" "$T/key.saved"
ctl init >/dev/null 2>"$T/err" && fail "init made a new key for existing PINs"
expect_eq "$(wc -l < "$T/err")" 1 "one line of reason"
expect_has "$(cat "$T/err")" "$T/kopdes.key" "reason names where the key was expected"
expect_has "$(cat "$T/err")" "2 anggota" "reason counts the members with PINs"
[ -e "$T/kopdes.key" ] && fail "a key was created"
expect_eq "$(q "SELECT hex(pin_hash) FROM members ORDER BY id")" "$hashes" "PIN hashes unchanged"
ctl sim --from 081300000001 SALDO 1234 >/dev/null 2>&1 && fail "sim ran without the key"
[ -e "$T/kopdes.key" ] && fail "sim created a key"
kopdesd_refuses
[ -e "$T/kopdes.key" ] && fail "kopdesd created a key"
expect_has "$(cat "$T/start.log")" "put the key file back" "kopdesd says to restore the key"
mv "$T/key.saved" "$T/kopdes.key"
ctl sim --from 081300000001 SALDO 1234 | grep -qF "Saldo A001" || fail "the right PIN works with the key back"

# -wal and -shm exist while kopdesd has the database open.
start_daemon
ctl inject --from 081300000001 "SALDO 1234" >/dev/null || fail "inject"
# Her welcome SMS, the reply to sim and the reply to this one.
wait_sql "SELECT count(*) FROM outbox WHERE phone = '+6281300000001' AND state = 'terkirim'" 3
expect_eq "$(mode "$T/kopdes.db-wal")" 600 "-wal mode"
expect_eq "$(mode "$T/kopdes.db-shm")" 600 "-shm mode"

# Deleted under kopdesd: SMS stay on the phone and the log says why and
# how to copy the file back out of the running daemon.
from=$(log_lines)
rm "$T/kopdes.db"
"$KOPDES_TOOLS/dummyfill" "$T/phone" 5 "SALDO" || fail "dummyfill"
wait_log "$from" "modem1: no SMS is taken off"
wait_log "$from" "$T/kopdes.db is gone while kopdesd runs"
expect_eq "$(on_phone)" 5 "SMS on the phone while the database is gone"
copy=$(tail -n +"$((from + 1))" "$T/kopdesd.log" | grep -o 'cp /proc/[0-9]*/fd/[0-9]*' | head -1)
[ -n "$copy" ] || fail "the log says how to copy the open file"
$copy "$T/rescued.db" || fail "$copy"
stop_daemon TERM
expect_eq "$(on_phone)" 5 "SMS on the phone after kopdesd stopped"
[ -e "$T/kopdes.db" ] && fail "a database appeared at the path"

# A missing database (deleted, mistyped, disk not mounted): kopdesd and
# every kopdesctl form but init refuse and create nothing.
kopdesd_refuses
expect_has "$(cat "$T/start.log")" "$T/kopdes.db" "kopdesd names the path"
expect_has "$(cat "$T/start.log")" "kopdesctl -c $T/kopdes.conf init" "kopdesd says how to make one"
ctl member list >/dev/null 2>&1 && fail "member list on a missing database"
ctl status >/dev/null 2>&1 && fail "status on a missing database"
[ -e "$T/kopdes.db" ] && fail "a database appeared at the path"

# Put back from the copy: the 5 SMS are answered, nothing before is lost.
mv "$T/rescued.db" "$T/kopdes.db"
chmod 600 "$T/kopdes.db"
start_daemon
wait_sql "SELECT count(*) FROM outbox WHERE phone LIKE '+62857%'" 5
expect_eq "$(q "SELECT count(*) FROM members")" 2 "members kept"
expect_eq "$(q "SELECT count(*) FROM inbox WHERE sender = '+6281300000001'")" 2 "earlier SMS kept"

# Replaced by another file under kopdesd: SMS stay on the phone; with its
# own file back at the path it takes them again.
from=$(log_lines)
mv "$T/kopdes.db" "$T/kopdes.orig"
sqlite3 "$T/other.db" "CREATE TABLE t(x)"
mv "$T/other.db" "$T/kopdes.db"
"$KOPDES_TOOLS/dummyfill" "$T/phone" 5 "HARGA" || fail "dummyfill"
wait_log "$from" "modem1: no SMS is taken off"
wait_log "$from" "$T/kopdes.db is not the file kopdesd opened"
expect_eq "$(on_phone)" 5 "SMS on the phone while the database is replaced"
mv "$T/kopdes.orig" "$T/kopdes.db"
wait_log "$from" "handling SMS again"
wait_sql "SELECT count(*) FROM outbox WHERE phone LIKE '+62857%'" 10
i=0; until [ "$(on_phone)" = 0 ]; do i=$((i + 1)); [ $i -gt 100 ] && fail "phone not emptied"; sleep 0.05; done
stop_daemon TERM
ctl ledger check >/dev/null || fail "ledger check"

# A database made world-readable before: init takes that away.
chmod 644 "$T/kopdes.db"
ctl init >/dev/null || fail "init again"
expect_eq "$(mode "$T/kopdes.db")" 640 "init takes away others' access"
echo "dbfile: ok"
