#!/bin/sh
# USSD hop latency over real HTTP: 50 subscribers at once, first walking
# the price list (menu hops, nothing written), then checking the balance
# (a command hop, one durable commit each).  Figures from ussdsub.
set -e
: "${KOPDES_BIN:?}" "${KOPDES_TOOLS:?}"
T=$(mktemp -d /tmp/kopdes-ussd-XXXXXX)
trap 'kill $KPID 2>/dev/null; rm -rf "$T"' EXIT
CTL="$KOPDES_BIN/kopdesctl"
export KOPDES_NOW=2026-11-23T09:00
PORT=$((20000 + $(od -An -N2 -tu2 /dev/urandom) % 12000))
mkdir -p "$T/phone"
cat > "$T/kopdes.conf" <<CONF
database = "$T/kopdes.db";
pin_key_file = "$T/kopdes.key";
modems = ( { name = "dummy"; model = "dummy"; connection = "none"; device = "$T/phone"; } );
rate_limit = { messages = 100000; per_seconds = 600; };
http = { listen = "127.0.0.1"; port = $PORT; secret = "bench"; };
log = { level = "warning"; };
CONF
"$CTL" -c "$T/kopdes.conf" init >/dev/null
"$CTL" -c "$T/kopdes.conf" member add --phone 081300000001 --name Siti --pin 2580 >/dev/null
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
	"$CTL" -c "$T/kopdes.conf" price set "Barang $i" "${i}000" --unit kg >/dev/null
done
"$KOPDES_BIN/kopdesd" -f -c "$T/kopdes.conf" 2>"$T/log" &
KPID=$!
i=0
until [ "$("$KOPDES_TOOLS/ussdsub" req "http://127.0.0.1:$PORT/metrics?k=bench" --method GET 2>/dev/null | head -1)" = 200 ]; do
	i=$((i + 1)); [ $i -gt 200 ] && { echo "kopdesd did not start"; exit 1; }
	sleep 0.05
done
URL="http://127.0.0.1:$PORT/ussd?k=bench"
printf '  menu hops, 50 sessions:    '
"$KOPDES_TOOLS/ussdsub" parallel "$URL" 50 +6281300000001 6 9 9 0 2>&1 >/dev/null
printf '  command hops, 50 sessions: '
"$KOPDES_TOOLS/ussdsub" parallel "$URL" 50 +6281300000001 1 2580 2>&1 >/dev/null
