#!/bin/sh
# An AT modem (the emulator) that never answers while kopdesd connects:
# with timeout_seconds = 3 the connect is given up after 3 s without an
# answer, not Gammu's half minute, and a SIGTERM while it hangs ends
# kopdesd cleanly within timeout_seconds + 1 s.
. tests/it/lib.sh
: "${KOPDES_TOOLS:?KOPDES_TOOLS must name the folder with atemu}"

mkdir -p "$T/a-in"
touch "$T/a-hang"
"$KOPDES_TOOLS/atemu" --link "$T/modemA" --inbox "$T/a-in" --sent "$T/a-sent" --hang-flag "$T/a-hang" &
A=$!
trap 'kill $A 2>/dev/null; cleanup' EXIT
i=0
until [ -e "$T/modemA" ]; do
	i=$((i + 1)); [ $i -gt 100 ] && fail "atemu did not start"
	sleep 0.05
done
cat > "$T/kopdes.conf" <<CONF
database = "$T/kopdes.db";
pin_key_file = "$T/kopdes.key";
modems = ( { name = "A"; driver = "gammu"; connection = "at"; device = "$T/modemA"; timeout_seconds = 3; } );
CONF
ctl init >/dev/null || fail "init"
ms() { date +%s%3N; }

# stop_in_time: SIGTERM, and kopdesd gone within timeout_seconds + 1 s.
stop_in_time() {
	t1=$(ms)
	kill -TERM "$DAEMON_PID"
	while kill -0 "$DAEMON_PID" 2>/dev/null; do
		[ $(( $(ms) - t1 )) -gt 4000 ] && fail "SIGTERM with a hung modem took over 4 s"
		sleep 0.02
	done
	stop_daemon TERM
	expect_eq "$DAEMON_RC" 0 "exit status after SIGTERM with a hung modem"
	expect_eq "$(tail -1 "$T/kopdesd.log")" "stopped cleanly" "last line"
	sed -n '/SIGTERM: stopping/,$p' "$T/kopdesd.log" | grep -q 'answer\|abort' &&
		fail "the stop logged as a modem failure: $(cat "$T/kopdesd.log")"
	: > "$T/kopdesd.log"
}

# Stopped while the first connect hangs.
start_daemon
stop_in_time

# The connect is given up after 3 s of silence (allow 2 s more), and the
# daemon stops as quickly while it tries again.
start_daemon
t0=$(ms)
until grep -q 'A: no answer in 3 s; aborting the call' "$T/kopdesd.log"; do
	[ $(( $(ms) - t0 )) -gt 5000 ] && fail "a hung connect was not given up within 5 s"
	sleep 0.05
done
stop_in_time
echo "hung_connect: ok"
