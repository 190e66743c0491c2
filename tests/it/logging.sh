#!/bin/sh
# Logging as an operator meets it.  Started in the background, kopdesd
# either is ready when the command returns or fails it with the reason on
# the terminal; once in the background it logs to syslog (here a socket
# the test owns, through KOPDES_SYSLOG_SOCKET), a line per SMS handled and
# sent, phones shortened, never a text; a SIGTERM logs a clean stop.  In
# the foreground the same lines go to stderr, and log.level trims them.
. tests/it/lib.sh
: "${KOPDES_TOOLS:?KOPDES_TOOLS must name the folder with logsink}"

write_config

# A broken setup (no database yet), started without -f.
out=$("$KOPDESD" -c "$T/kopdes.conf" 2>&1) && fail "kopdesd without a database exited 0"
expect_has "$out" "does not exist" "the reason, on the terminal"

ctl init >/dev/null || fail "init"
ctl price set "Beras Medium" 12500 --unit kg >/dev/null

"$KOPDES_TOOLS/logsink" "$T/syslog.sock" "$T/syslog" &
SINK=$!
trap 'kill $SINK 2>/dev/null; cleanup' EXIT
i=0
until [ -S "$T/syslog.sock" ]; do
	i=$((i + 1)); [ $i -gt 100 ] && fail "logsink did not start"
	sleep 0.05
done

KOPDES_SYSLOG_SOCKET="$T/syslog.sock" "$KOPDESD" -c "$T/kopdes.conf" 2>"$T/start.err" ||
	fail "kopdesd in the background: exit $? ($(cat "$T/start.err"))"
expect_eq "$(cat "$T/start.err")" "" "nothing on the terminal after a good start"
grep -q '^<30>.* kopdesd\[[0-9]*\]: ready: ' "$T/syslog" ||
	fail "no ready line at daemon.info in syslog: $(cat "$T/syslog")"
DAEMON_PID=$(sed -n 's/.* kopdesd\[\([0-9]*\)\]: ready: .*/\1/p' "$T/syslog" | head -1)

ctl inject --from "+6285700000001" "HARGA BERAS" >/dev/null || fail "inject"
wait_sql "SELECT count(*) FROM outbox WHERE state = 'terkirim'" 1 30
i=0
until grep -q 'modem1: sent to ' "$T/syslog"; do
	i=$((i + 1)); [ $i -gt 100 ] && fail "no sent line in syslog: $(cat "$T/syslog")"
	sleep 0.05
done
grep -q '^<30>.*: inbox [0-9]* from +62857…001: handled$' "$T/syslog" ||
	fail "no handled line in syslog: $(cat "$T/syslog")"
grep -q '^<30>.*: modem1: sent to +62857…001 (1 part)$' "$T/syslog" ||
	fail "no sent line in syslog: $(cat "$T/syslog")"
grep -q '6285700000001\|HARGA\|Rp12' "$T/syslog" && fail "a phone or a text in syslog"

kill -TERM "$DAEMON_PID"
i=0
while kill -0 "$DAEMON_PID" 2>/dev/null; do
	i=$((i + 1)); [ $i -gt 200 ] && fail "kopdesd did not stop"
	sleep 0.05
done
DAEMON_PID=""
grep -q 'kopdesd\[[0-9]*\]: SIGTERM: stopping$' "$T/syslog" || fail "no stopping line"
grep -q 'kopdesd\[[0-9]*\]: stopped cleanly$' "$T/syslog" || fail "no clean stop line"
sed -n '/SIGTERM: stopping/,$p' "$T/syslog" | grep -q '<2[4-9]>\|answering\|abort' &&
	fail "a clean stop logged as a failure: $(cat "$T/syslog")"

# The foreground: stderr, and the level.
start_daemon
ctl inject --from "+6285700000002" "HARGA BERAS" >/dev/null || fail "inject"
wait_sql "SELECT count(*) FROM outbox WHERE state = 'terkirim'" 2 30
i=0
until grep -q 'modem1: sent to +62857…002 (1 part)$' "$T/kopdesd.log"; do
	i=$((i + 1)); [ $i -gt 100 ] && fail "no sent line on stderr"
	sleep 0.05
done
grep -q '^inbox [0-9]* from +62857…002: handled$' "$T/kopdesd.log" || fail "no handled line on stderr"
stop_daemon TERM
expect_eq "$DAEMON_RC" 0 "exit status after SIGTERM"
expect_eq "$(tail -1 "$T/kopdesd.log")" "stopped cleanly" "last line"

write_config 'log = { level = "warning"; };'
: > "$T/kopdesd.log"
"$KOPDESD" -f -c "$T/kopdes.conf" >>"$T/kopdesd.log" 2>&1 &
DAEMON_PID=$!
ctl inject --from "+6285700000003" "HARGA BERAS" >/dev/null || fail "inject"
wait_sql "SELECT count(*) FROM outbox WHERE state = 'terkirim'" 3 30
stop_daemon TERM
expect_eq "$DAEMON_RC" 0 "exit status at level warning"
expect_eq "$(cat "$T/kopdesd.log")" "" "nothing below warning at level warning"
echo "logging: ok"
