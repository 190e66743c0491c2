#!/bin/sh
# Instructions a USSD hop costs the daemon, which repeat where wall-clock
# figures on a shared machine do not: kopdesd under valgrind
# --tool=callgrind with the members and prices of ussd.sh, and its 50
# subscribers in lockstep: four rounds of balance sessions with their
# final hop (the PIN) and four without it.  A final hop is the
# difference between the two, a menu hop the second divided by its hops;
# the loop's timers run as long as valgrind takes, so figures vary by a
# few per cent from run to run.  Needs valgrind; not part of make bench.
set -e
: "${KOPDES_BIN:?}" "${KOPDES_TOOLS:?}"
command -v valgrind >/dev/null || { echo "valgrind not installed"; exit 1; }
T=$(mktemp -d /tmp/kopdes-ussdcg-XXXXXX)
trap 'kill $KPID 2>/dev/null; rm -rf "$T"' EXIT
CTL="$KOPDES_BIN/kopdesctl"
SUB="$KOPDES_TOOLS/ussdsub"
ROUNDS=4
. tests/bench/ussd_coop.sh
valgrind --tool=callgrind --callgrind-out-file="$T/cg.out" \
    "$KOPDES_BIN/kopdesd" -f -c "$T/kopdes.conf" 2>"$T/log" &
KPID=$!
i=0
until [ "$("$SUB" req "http://127.0.0.1:$PORT/metrics?k=bench" --method GET 2>/dev/null | head -1)" = 200 ]; do
	i=$((i + 1)); [ $i -gt 400 ] && { echo "kopdesd did not start"; exit 1; }
	sleep 0.1
done
URL="http://127.0.0.1:$PORT/ussd?k=bench"
PHONE=+6281310000001
rounds() {
	r=0
	while [ $r -lt $ROUNDS ]; do
		"$SUB" parallel "$URL" 50 $PHONE --each-phone "$@" >/dev/null 2>&1
		r=$((r + 1))
	done
}
# Once through, as a daemon that has served any, then counted afresh.
"$SUB" play "$URL" $PHONE 1 2580 >/dev/null
"$SUB" play "$URL" $PHONE 5 1000 1 2580 >/dev/null
"$SUB" parallel "$URL" 50 $PHONE --each-phone 1 2580 >/dev/null 2>&1
callgrind_control -z $KPID >/dev/null 2>&1
rounds 1 2580
callgrind_control -d full $KPID >/dev/null 2>&1
rounds 1
callgrind_control -d menu $KPID >/dev/null 2>&1
kill $KPID
wait $KPID 2>/dev/null || true
total() {
	awk '/^summary:|^totals:/ { print $2; exit }' "$1"
}
FULL=$(total "$T/cg.out.1")
MENU=$(total "$T/cg.out.2")
S=$((ROUNDS * 50))
echo "  balance session (3 hops): $((FULL / S)) instructions"
echo "  menu hop: $((MENU / (2 * S))) instructions"
echo "  final hop (PIN checked, committed in groups of 50): $(((FULL - MENU) / S)) instructions"
