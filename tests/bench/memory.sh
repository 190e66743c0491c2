#!/bin/sh
# 100,000 members in the database, then kopdesd's start-up and memory.
set -e
BENCH=$1
: "${KOPDES_BIN:?}"
T=$(mktemp -d /tmp/kopdes-mem-XXXXXX)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/phone"
cat > "$T/kopdes.conf" <<CONF
database = "$T/kopdes.db";
pin_key_file = "$T/kopdes.key";
modems = ( { name = "dummy"; model = "dummy"; connection = "none"; device = "$T/phone"; } );
CONF
CTL="$KOPDES_BIN/kopdesctl"
"$CTL" -c "$T/kopdes.conf" init >/dev/null
awk 'BEGIN { print "phone,name,role,pin"; for (i = 1; i <= 100000; i++) printf "0813%08d,Anggota %d,anggota,%04d\n", i, i, 1000 + i % 9000 }' > "$T/m.csv"
"$CTL" -c "$T/kopdes.conf" member import "$T/m.csv" >/dev/null
# Their welcome SMS are not what this measures.
"$CTL" -c "$T/kopdes.conf" outbox cancel --reason bench >/dev/null
echo "  members: $(sqlite3 "$T/kopdes.db" 'SELECT count(*) FROM members'), database $(du -m "$T/kopdes.db" | cut -f1) MiB"
for i in 1 2 3 4 5 6 7 8 9 10; do
	"$CTL" -c "$T/kopdes.conf" inject --from "0813000000$i$i" "SALDO $((1000 + i))" >/dev/null 2>&1
done
"$BENCH" "$T"
