#!/bin/sh
# A burst of N SMS waiting in Gammu's dummy phone, answered by kopdesd;
# then a burst of M (smaller: gammu-smsd receives every waiting SMS
# before it sends any, at about a second each) answered by kopdesd and by
# gammu-smsd (files backend, RunOnReceive writing each reply into its
# outbox, the best tuning measured in shared notes), both to completion.
# Each time is from start until the last reply has left the phone; the
# ratio compares the two on the same M messages only, and never
# extrapolates: if gammu-smsd stops at its cap having answered d, it is
# compared with the time kopdesd took to answer d.
#
#   burst.sh N M      (BENCH_COMMITS: SQLite's durable commits/s, same run)
set -e
N=${1:-5000}
M=${2:-200}
: "${KOPDES_BIN:?}"
T=$(mktemp -d /tmp/kopdes-burst-XXXXXX)
KPID=
SPID=
cleanup() {
	for p in $KPID $SPID; do
		kill "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
CTL="$KOPDES_BIN/kopdesctl"
export KOPDES_NOW=2026-11-23T09:00

now_ms() { date +%s%3N; }

# A phone holding n shoppers asking a price, in folder $1.
make_phone() {
	mkdir -p "$1/phone/sms/1"
	"$KOPDES_TOOLS/dummyfill" "$1/phone" "$2" "HARGA BERAS" >/dev/null ||
	    { echo "dummyfill missing"; exit 1; }
}

# kopdesd on a fresh database and phone of n SMS; sets k_ms, and writes
# "ms sent" lines as replies leave, so any count can be timed after.
run_kopdesd() {
	d=$1 n=$2
	mkdir -p "$d"
	cat > "$d/kopdes.conf" <<CONF
database = "$d/kopdes.db";
pin_key_file = "$d/kopdes.key";
modems = ( { name = "dummy"; model = "dummy"; connection = "none"; device = "$d/phone"; } );
poll_seconds = 1;
rate_limit = { messages = 1000; per_seconds = 600; };
CONF
	"$CTL" -c "$d/kopdes.conf" init >/dev/null
	"$CTL" -c "$d/kopdes.conf" price set "Beras Medium" 12500 --unit kg >/dev/null
	make_phone "$d" "$n"
	: > "$d/progress"
	t0=$(now_ms)
	"$KOPDES_BIN/kopdesd" -f -c "$d/kopdes.conf" 2>"$d/log" &
	KPID=$!
	sent=0
	until [ "$sent" = "$n" ]; do
		sent=$(sqlite3 "$d/kopdes.db" "SELECT count(*) FROM outbox WHERE state='terkirim'" 2>/dev/null || echo 0)
		echo "$(($(now_ms) - t0)) $sent" >> "$d/progress"
		sleep 0.02
	done
	k_ms=$(($(now_ms) - t0))
	kill "$KPID"; wait "$KPID" 2>/dev/null || true; KPID=
}

run_kopdesd "$T/k" "$N"
echo "  kopdesd:    $N SMS answered and sent in $k_ms ms ($((N * 1000 / (k_ms + 1))) SMS/s; target: under 1500 ms)"
if [ -n "$BENCH_COMMITS" ]; then
	awk -v n="$N" -v k="$k_ms" -v c="$BENCH_COMMITS" 'BEGIN {
		printf "    = %.2f x SQLite'\''s durable commits (%d/s, same run)\n", n * 1000 / (k + 1) / c, c }'
fi
rm -rf "$T/k"

run_kopdesd "$T/k2" "$M"
k2_ms=$k_ms
echo "  kopdesd:    $M SMS answered and sent in $k2_ms ms"

make_phone "$T/s" "$M"
mkdir -p "$T/s/inbox" "$T/s/outbox" "$T/s/sent" "$T/s/error"
cat > "$T/s/reply.sh" <<SH
#!/bin/sh
# gammu-smsd's way: one process per message, a reply file in the outbox.
n=\$(printf '%s' "\$SMS_1_NUMBER")
f="$T/s/outbox/OUTA\$(date +%Y%m%d_%H%M%S)_\$\$_\${n}_r.txt"
printf 'Harga Beras Medium Rp12.500/kg\n' > "\$f.tmp" && mv "\$f.tmp" "\$f"
SH
chmod +x "$T/s/reply.sh"
cat > "$T/s/smsdrc" <<RC
[gammu]
model = dummy
connection = none
device = $T/s/phone

[smsd]
service = files
inboxpath = $T/s/inbox/
outboxpath = $T/s/outbox/
sentsmspath = $T/s/sent/
errorsmspath = $T/s/error/
RunOnReceive = $T/s/reply.sh
ReceiveFrequency = 5
LoopSleep = 0
CommTimeout = 0
logfile = $T/s/smsd.log
RC
t0=$(now_ms)
gammu-smsd -c "$T/s/smsdrc" >/dev/null &
SPID=$!
cap=${BENCH_SMSD_SECONDS:-600}
limit=$(( $(date +%s) + cap ))
while [ "$(ls "$T/s/sent" | wc -l)" -lt "$M" ]; do
	if [ "$(date +%s)" -gt "$limit" ]; then break; fi
	sleep 0.2
done
s_ms=$(($(now_ms) - t0))
sent=$(ls "$T/s/sent" | wc -l)
kill "$SPID"; wait "$SPID" 2>/dev/null || true; SPID=
if [ "$sent" -lt "$M" ]; then
	echo "  gammu-smsd: stopped at its cap of $cap s: $sent of $M SMS answered and sent in $s_ms ms"
else
	echo "  gammu-smsd: $M SMS answered and sent in $s_ms ms"
fi
if [ "$sent" -gt 0 ]; then
	# kopdesd's time to its own first $sent replies, from its progress.
	kd_ms=$(awk -v d="$sent" '$2 >= d { print $1; exit }' "$T/k2/progress")
	[ -n "$kd_ms" ] || kd_ms=$k2_ms
	awk -v k="$kd_ms" -v s="$s_ms" -v d="$sent" 'BEGIN {
		printf "  ratio over the %d both answered: kopdesd is %.0fx faster (target: at least 100x)\n", d, s / (k + 1) }'
fi
