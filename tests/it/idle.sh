#!/bin/sh
# An idle kopdesd on the dummy phone costs next to nothing (under 1 % of a
# core, read from /proc), polling every second; yet an SMS that arrives
# while it idles, written in place or renamed into the folder, is
# answered within a couple of polls.
. tests/it/lib.sh
: "${KOPDES_TOOLS:?KOPDES_TOOLS must name the folder with dummyfill}"

write_config
ctl init >/dev/null || fail "init"
ctl price set "Beras Medium" 12500 --unit kg >/dev/null
start_daemon
wait_sql "SELECT count(*) FROM modems WHERE connected = 1" 1 10
ms() { date +%s%3N; }
cpu() { awk '{ print $14 + $15 }' "/proc/$DAEMON_PID/stat"; }

# A window of 3 s, measured as it really lasted.
a=$(cpu); t0=$(ms)
sleep 3
b=$(cpu); t1=$(ms)
hz=$(getconf CLK_TCK)
used=$(( (b - a) * 1000 / hz ))
[ $(( used * 100 )) -le $(( t1 - t0 )) ] ||
	fail "idle kopdesd used $used ms of CPU in $(( t1 - t0 )) ms (over 1 %)"

answered_within() {
	t0=$(ms)
	until [ "$(q "SELECT count(*) FROM outbox WHERE state = 'terkirim'")" -ge "$1" ]; do
		[ $(( $(ms) - t0 )) -gt 5000 ] && fail "SMS $1 not answered within 5 s of arriving"
		sleep 0.05
	done
}
ctl inject --from "+6285700000009" "HARGA BERAS" >/dev/null || fail "inject"
answered_within 1
mkdir -p "$T/stage"
"$KOPDES_TOOLS/dummyfill" "$T/stage" 1 "HARGA BERAS" || fail "dummyfill"
for f in "$T"/stage/sms/*/*; do mv "$f" "$T/phone/sms/1/$(basename "$f")"; done
answered_within 2
stop_daemon TERM
expect_eq "$DAEMON_RC" 0 "exit status"
expect_has "$(q "SELECT text FROM outbox ORDER BY id DESC LIMIT 1")" "Rp12.500" "reply facts"
echo "idle: ok"
