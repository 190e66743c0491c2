#!/bin/sh
# The database and the PIN key are never made anew behind the operator's
# back: kopdesctl init makes no key for PINs hashed with a missing one, and
# no other form makes a database; both files are private to their owner.
. tests/it/lib.sh
umask 022	# a usual umask: the files must come out private all the same

mode() { stat -c %a "$1"; }
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
expect_has "$(cat "$T/err")" "2 member" "reason counts the members with PINs"
[ -e "$T/kopdes.key" ] && fail "a key was created"
expect_eq "$(q "SELECT hex(pin_hash) FROM members ORDER BY id")" "$hashes" "PIN hashes unchanged"
ctl sim --from 081300000001 SALDO 1234 >/dev/null 2>&1 && fail "sim ran without the key"
[ -e "$T/kopdes.key" ] && fail "sim created a key"
kopdesd_refuses
[ -e "$T/kopdes.key" ] && fail "kopdesd created a key"
mv "$T/key.saved" "$T/kopdes.key"
ctl sim --from 081300000001 SALDO 1234 | grep -qF "Saldo A001" || fail "the right PIN works with the key back"

# -wal and -shm exist while kopdesd has the database open.
start_daemon
ctl inject --from 081300000001 "SALDO 1234" >/dev/null || fail "inject"
wait_sql "SELECT count(*) FROM outbox WHERE phone = '+6281300000001' AND state = 'terkirim'" 2
expect_eq "$(mode "$T/kopdes.db-wal")" 600 "-wal mode"
expect_eq "$(mode "$T/kopdes.db-shm")" 600 "-shm mode"

stop_daemon TERM

# A missing database (deleted, mistyped, disk not mounted): every
# kopdesctl form but init refuses and creates nothing.
mv "$T/kopdes.db" "$T/kopdes.away"
ctl member list >/dev/null 2>&1 && fail "member list on a missing database"
ctl status >/dev/null 2>&1 && fail "status on a missing database"
[ -e "$T/kopdes.db" ] && fail "a database appeared at the path"
mv "$T/kopdes.away" "$T/kopdes.db"

# A database made world-readable before: init takes that away.
chmod 644 "$T/kopdes.db"
ctl init >/dev/null || fail "init again"
expect_eq "$(mode "$T/kopdes.db")" 640 "init takes away others' access"
echo "dbfile: ok"
