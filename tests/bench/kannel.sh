#!/bin/sh
# SMS round trips through a real Kannel: fakesmsc -> bearerbox -> smsbox ->
# kopdesd (GET /kannel/mo, committed, handled) -> sendsms -> fakesmsc, for
# a burst of N price questions; beside it, in the same run, the same Kannel
# config in front of a trivial stand-in endpoint (tests/tools/kannelecho:
# each MO answered at once with the reply in the body, nothing stored).
# The two take turns, ROUNDS times each.  A figure, not a pass/fail test.
N=${1:-2000}
ROUNDS=${ROUNDS:-2}
. tests/it/lib.sh
. tests/support/kannel_stack.sh
kannel_config
sed -i 's/^rate_limit = .*/rate_limit = { messages = 100000; per_seconds = 600; };/' "$T/kopdes.conf"
echo 'log = { level = "warning"; };' >> "$T/kopdes.conf"
ctl init >/dev/null || fail "init"
ctl price set "Beras Medium" 12.500 --unit kg >/dev/null
# start_daemon waits for the ready line, logged at info.
sed -i 's/^log = .*//' "$T/kopdes.conf"
start_daemon

ECHO_PORT=$((BASE + 9)) ECHO_PID=""
mkdir "$T/standin"
kannel_ports 5
kannel_conf "$T/standin" "$ECHO_PORT" 1
"$KOPDES_TOOLS/kannelecho" "$ECHO_PORT" > "$T/standin/kannelecho.out" & ECHO_PID=$!
trap '[ -n "$ECHO_PID" ] && kill "$ECHO_PID" 2>/dev/null; kannel_cleanup' EXIT

now_ms() { date +%s%3N; }
# cpu_ms PID...: user and system time the processes used so far.
cpu_ms() {
	for p in "$@"; do cat "/proc/$p/stat"; done 2>/dev/null |
	    awk -v hz="$(getconf CLK_TCK)" '{ t += $14 + $15 } END { printf "%d", t * 1000 / hz }'
}
# burst DIR ENDPOINT_PID: N questions until N replies came back; ms, and
# the CPU Kannel and the endpoint used for them.
burst() {
	dir=$1 ep=$2
	kannel_up "$dir"
	# 500 members, each asking a few times (fakesmsc picks among the
	# messages): no number with thousands of SMS in its rate window.
	set --
	i=100000
	while [ $i -lt 100500 ]; do
		set -- "$@" "+6285700$i 1234 text HARGA BERAS"
		i=$((i + 1))
	done
	e0=$(cpu_ms "$ep")
	t0=$(now_ms)
	FS_INTERVAL=0 FS_COUNT=$N fakesmsc "$@"
	until_true 600 "$N replies" fakesmsc_got "$N"
	ms=$(($(now_ms) - t0))
	cpu="CPU: Kannel $(cpu_ms $KPIDS $(cat "$dir/smsbox.pid")) ms, endpoint $(($(cpu_ms "$ep") - e0)) ms"
	kannel_down "$dir"
}
k_ms=0 s_ms=0 r=0
while [ $r -lt "$ROUNDS" ]; do
	r=$((r + 1))
	kannel_ports 5
	burst "$T/standin" "$ECHO_PID"
	s_ms=$((s_ms + ms))
	echo "  round $r, stand-in endpoint: $N SMS in and answered in $ms ms ($((N * 1000 / (ms + 1))) round trips/s); $cpu"
	kannel_ports 0
	burst "$T" "$DAEMON_PID"
	k_ms=$((k_ms + ms))
	echo "  round $r, kopdesd:           $N SMS in and answered in $ms ms ($((N * 1000 / (ms + 1))) round trips/s); $cpu"
done
k_rate=$((ROUNDS * N * 1000 / (k_ms + 1))) s_rate=$((ROUNDS * N * 1000 / (s_ms + 1)))
echo "  kopdesd behind Kannel: $k_rate round trips/s; the stand-in behind the same Kannel: $s_rate/s;" \
    "kopdesd $(awk "BEGIN { printf \"%.2f\", $k_rate / $s_rate }") x the stand-in"
stop_daemon
