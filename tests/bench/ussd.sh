#!/bin/sh
# USSD hop latency over real HTTP: 50 subscribers at once, each on their
# own number (a handset holds one session at a time), first walking the
# price list (menu hops, nothing written), then checking the balance and
# announcing a deposit (command hops: the final one checks the PIN and
# commits durably).  Figures from ussdsub, which times each request from
# its write to the moment its answer is there.
#
# "lockstep": every session sends its next input the moment it has the
# screen, so all 50 final hops arrive within the same millisecond, the
# worst burst there is.  "paced": each subscriber pauses up to 50 ms
# before each input, so arrivals spread as real sessions' do (people take
# seconds; this is still a hundred times denser).  Beside them, SQLite's
# durable commits per second on the same disk, measured in the same run
# (BENCH_COMMITS from run.sh, or measured here).
set -e
: "${KOPDES_BIN:?}" "${KOPDES_TOOLS:?}"
T=$(mktemp -d /tmp/kopdes-ussd-XXXXXX)
trap 'kill $KPID 2>/dev/null; rm -rf "$T"' EXIT
CTL="$KOPDES_BIN/kopdesctl"
SUB="$KOPDES_TOOLS/ussdsub"
REF=${BENCH_REFERENCE:-$(dirname "$KOPDES_TOOLS")/bench/bench_reference}
if [ -z "${BENCH_COMMITS:-}" ] && [ -x "$REF" ]; then
	BENCH_COMMITS=$("$REF" "${TMPDIR:-/tmp}" | awk '/commits_per_s/ { print $2 }')
fi
. tests/bench/ussd_coop.sh
"$KOPDES_BIN/kopdesd" -f -c "$T/kopdes.conf" 2>"$T/log" &
KPID=$!
i=0
until [ "$("$SUB" req "http://127.0.0.1:$PORT/metrics?k=bench" --method GET 2>/dev/null | head -1)" = 200 ]; do
	i=$((i + 1)); [ $i -gt 200 ] && { echo "kopdesd did not start"; exit 1; }
	sleep 0.05
done
URL="http://127.0.0.1:$PORT/ussd?k=bench"
PHONE=+6281310000001
# Once through each kind of hop first, as a daemon that has served any.
"$SUB" play "$URL" $PHONE 1 2580 >/dev/null
"$SUB" play "$URL" $PHONE 5 1000 1 2580 >/dev/null
echo "  reference, same run: ${BENCH_COMMITS:-?} durable commits/s; load $(cut -d' ' -f1 /proc/loadavg)"
run() {
	printf '  %-34s' "$1:"
	shift
	"$SUB" parallel "$URL" 50 $PHONE --each-phone "$@" 2>"$T/err" >"$T/out" ||
	    { cat "$T/err"; exit 1; }
	cat "$T/err"
}
run "menu hops, lockstep" 6 9 9 0
run "balance (command), lockstep" 1 2580
run "deposit (command), lockstep" 5 '{i}000' 1 2580
run "balance (command), paced" --think 50 1 2580
run "deposit (command), paced" --think 50 5 '{i}000' 1 2580
metric() {
	"$SUB" req "http://127.0.0.1:$PORT/metrics?k=bench" --method GET |
	    awk -v m="$1" '$1 == m { print $2 }'
}
echo "  $(metric kopdes_ussd_commands_total) command hops took $(metric kopdes_ussd_command_commits_total) durable commits"
