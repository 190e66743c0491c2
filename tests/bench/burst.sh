#!/bin/sh
# A burst of N SMS waiting in Gammu's dummy phone, answered by kopdesd and
# then by gammu-smsd (files backend, RunOnReceive writing each reply into
# its outbox, the best tuning measured in shared notes), in one run.
# Each time is from start until the last reply has left the phone.
set -e
N=${1:-5000}
: "${KOPDES_BIN:?}"
T=$(mktemp -d /tmp/kopdes-burst-XXXXXX)
trap 'kill $KPID $SPID 2>/dev/null; rm -rf "$T"' EXIT
CTL="$KOPDES_BIN/kopdesctl"
export KOPDES_NOW=2026-11-23T09:00

now_ms() { date +%s%3N; }

# The burst: N shoppers asking a price, made once and copied to both phones.
mkdir -p "$T/k/phone" "$T/s/phone"
cat > "$T/k/kopdes.conf" <<CONF
database = "$T/k/kopdes.db";
pin_key_file = "$T/k/kopdes.key";
modems = ( { name = "dummy"; model = "dummy"; connection = "none"; device = "$T/k/phone"; } );
poll_seconds = 1;
rate_limit = { messages = 1000; per_seconds = 600; };
CONF
"$CTL" -c "$T/k/kopdes.conf" init >/dev/null
"$CTL" -c "$T/k/kopdes.conf" price set "Beras Medium" 12500 --unit kg >/dev/null
mkdir -p "$T/k/phone/sms/1"
"$KOPDES_TOOLS/dummyfill" "$T/k/phone" "$N" "HARGA BERAS" || { echo "dummyfill missing"; exit 1; }
cp -r "$T/k/phone/sms" "$T/s/phone/"

t0=$(now_ms)
"$KOPDES_BIN/kopdesd" -f -c "$T/k/kopdes.conf" 2>"$T/k/log" &
KPID=$!
until [ "$(sqlite3 "$T/k/kopdes.db" "SELECT count(*) FROM outbox WHERE state='terkirim'" 2>/dev/null)" = "$N" ]; do
	sleep 0.05
done
t1=$(now_ms)
kill $KPID; wait $KPID 2>/dev/null || true; KPID=
k_ms=$((t1 - t0))
echo "  kopdesd:    $N SMS answered and sent in $k_ms ms ($((N * 1000 / (k_ms + 1))) SMS/s)"

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
gammu-smsd -c "$T/s/smsdrc" &
SPID=$!
limit=$(( $(date +%s) + ${BENCH_SMSD_SECONDS:-900} ))
while [ "$(ls "$T/s/sent" | wc -l)" -lt "$N" ]; do
	if [ "$(date +%s)" -gt "$limit" ]; then break; fi
	sleep 0.2
done
t1=$(now_ms)
sent=$(ls "$T/s/sent" | wc -l)
kill $SPID; wait $SPID 2>/dev/null || true; SPID=
s_ms=$((t1 - t0))
echo "  gammu-smsd: $sent of $N SMS answered and sent in $s_ms ms ($((sent * 1000 / (s_ms + 1))) SMS/s)"
if [ "$sent" -gt 0 ]; then
	awk -v k="$k_ms" -v s="$s_ms" -v n="$N" -v d="$sent" 'BEGIN {
		printf "  ratio: kopdesd is %.0fx faster (per SMS answered)\n", (s / d) / (k / n) }'
fi
