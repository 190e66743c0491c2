#!/bin/sh
# Two AT modems (the project's emulator on pseudo-terminals) behind one
# kopdesd.  SMS arriving on either are answered; when one modem stops
# answering mid-run, its replies move to the other and all still leave.
. tests/it/lib.sh
: "${KOPDES_TOOLS:?KOPDES_TOOLS must name the folder with atemu}"

mkdir -p "$T/a-in" "$T/b-in"
"$KOPDES_TOOLS/atemu" --link "$T/modemA" --inbox "$T/a-in" --sent "$T/a-sent" --hang-flag "$T/a-hang" &
A=$!
"$KOPDES_TOOLS/atemu" --link "$T/modemB" --inbox "$T/b-in" --sent "$T/b-sent" --hang-flag "$T/b-hang" &
B=$!
trap 'kill $A $B 2>/dev/null; cleanup' EXIT
cat > "$T/kopdes.conf" <<CONF
database = "$T/kopdes.db";
pin_key_file = "$T/kopdes.key";
modems = ( { name = "A"; connection = "at"; device = "$T/modemA"; timeout_seconds = 3; },
           { name = "B"; connection = "at"; device = "$T/modemB"; timeout_seconds = 3; } );
poll_seconds = 1;
outbox = { max_tries = 5; retry_seconds = 1; };
CONF
ctl init >/dev/null || fail "init"
ctl price set "Beras Medium" 12500 --unit kg >/dev/null
# Retries wait on the real clock; a pinned one would never let them fall due.
unset KOPDES_NOW
start_daemon
wait_sql "SELECT count(*) FROM modems WHERE connected = 1" 2 60

drop() { printf '%s\tHARGA BERAS\n' "$2" > "$T/$1-in/.$2"; mv "$T/$1-in/.$2" "$T/$1-in/$2"; }
drop a +6285700000001
drop b +6285700000002
wait_sql "SELECT count(*) FROM outbox WHERE state = 'terkirim'" 2 60
expect_eq "$(q "SELECT count(DISTINCT modem) FROM inbox")" 2 "SMS received on both modems"

# Modem A stops answering; replies still leave, through B.
touch "$T/a-hang"
for n in 3 4 5 6 7 8; do drop b "+628570000000$n"; done
wait_sql "SELECT count(*) FROM outbox WHERE state = 'terkirim'" 8 90
expect_eq "$(q "SELECT count(*) FROM outbox WHERE state <> 'terkirim'")" 0 "nothing failed for good"
for n in 3 4 5 6 7 8; do
	grep -q "^+628570000000$n	1/1	.*Rp12.500" "$T/b-sent" || fail "reply to ...$n left through B"
done
stop_daemon TERM
expect_eq "$DAEMON_RC" 0 "clean stop with a hung modem"
echo "failover: ok"
