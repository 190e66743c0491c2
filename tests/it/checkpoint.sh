#!/bin/sh
# After a burst kopdesd copies its WAL into the database file and, once
# the SMS stop coming, empties the -wal: the database file alone (as a
# plain file copy of it takes it) holds every answered SMS while kopdesd
# still runs, and the -wal does not stay at the size the burst gave it.
# A SIGTERM while a burst is being copied still stops kopdesd cleanly,
# with the file whole.
. tests/it/lib.sh
: "${KOPDES_TOOLS:?KOPDES_TOOLS must name the folder with dummyfill}"

N=1500
write_config 'rate_limit = { messages = 1000; per_seconds = 600; };'
ctl init >/dev/null || fail "init"
ctl price set "Beras Medium" 12500 --unit kg >/dev/null
mkdir -p "$T/phone/sms/1"
"$KOPDES_TOOLS/dummyfill" "$T/phone" $N "HARGA BERAS" >/dev/null || fail "dummyfill"
start_daemon
wait_sql "SELECT count(*) FROM outbox WHERE state = 'terkirim'" $N 60
wal_size() { stat -c %s "$T/kopdes.db-wal" 2>/dev/null || echo 0; }
i=0
until [ "$(wal_size)" = 0 ]; do
	i=$((i + 1))
	[ $i -gt 100 ] && fail "-wal still $(wal_size) bytes 10 s after the burst"
	sleep 0.1
done
kill -0 "$DAEMON_PID" 2>/dev/null || fail "kopdesd exited"
mkdir "$T/copy"
cp "$T/kopdes.db" "$T/copy/kopdes.db"
expect_eq "$(sqlite3 -batch -noheader "$T/copy/kopdes.db" \
    "SELECT count(*) FROM outbox WHERE state = 'terkirim'")" $N \
    "replies sent, in the database file alone"
# kopdesctl writing beside it, with checkpoints of its own.
ctl inject --from 081300000001 "HARGA BERAS" >/dev/null || fail "inject beside kopdesd"
wait_sql "SELECT count(*) FROM outbox WHERE phone = '+6281300000001'" 1 10

# SIGTERM in the middle of a second burst, while its WAL is being copied.
"$KOPDES_TOOLS/dummyfill" "$T/phone" $N "HARGA BERAS" >/dev/null || fail "dummyfill"
wait_sql "SELECT count(*) > $((N + N / 3)) FROM inbox" 1 60
stop_daemon TERM
expect_eq "$DAEMON_RC" 0 "exit status after SIGTERM during a burst"
grep -q "stopped cleanly" "$T/kopdesd.log" || fail "no 'stopped cleanly' in the log"
expect_eq "$(q "PRAGMA integrity_check")" ok "integrity after SIGTERM"
expect_eq "$(q "SELECT count(*) FROM journal_lines WHERE 0")" 0 "database readable"
echo "checkpoint: ok"
