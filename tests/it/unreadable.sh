#!/bin/sh
# An AT modem whose SIM holds what real modems hand over besides text,
# ahead of two SMS that ask for a price: PDUs libGammu cannot decode (user
# data cut short, an odd number of hex digits, a line broken in two that
# also cuts the modem's list short), a delivery report, an SMS-SUBMIT kept
# in the inbox and a WAP push.  Both SMS are answered, the six are deleted
# (a full SIM receives nothing more) and `kopdesctl status` counts them.
. tests/it/lib.sh
: "${KOPDES_TOOLS:?KOPDES_TOOLS must name the folder with atemu}"

mkdir -p "$T/in"
"$KOPDES_TOOLS/atemu" --link "$T/modem" --inbox "$T/in" --sent "$T/sent" \
    --hang-flag "$T/hang" --sim "$T/sim" &
EMU=$!
trap 'kill $EMU 2>/dev/null; cleanup' EXIT
cat > "$T/kopdes.conf" <<CONF
database = "$T/kopdes.db";
pin_key_file = "$T/kopdes.key";
modems = ( { name = "A"; connection = "at"; device = "$T/modem"; timeout_seconds = 5; } );
poll_seconds = 1;
CONF
ctl init >/dev/null || fail "init"
ctl price set "Beras Medium" 12500 --unit kg >/dev/null
unset KOPDES_NOW

# One file at a time, each taken before the next, so the SIM keeps the order.
put() {
	printf '%s\t%s\n' "$2" "$3" > "$T/in/.$1"
	mv "$T/in/.$1" "$T/in/$1"
	i=0
	while [ -e "$T/in/$1" ]; do
		i=$((i + 1)); [ $i -gt 100 ] && fail "atemu did not take $1"
		sleep 0.05
	done
}
# user data 38 septets long, the last 4 octets missing
put cut PDU 0791261800000000040D91261803000000F900006211811160040026C8A0F41804098BD2E014440EBB41EDB43B1F5E83CE6F79D97D06A1C3F234
put submit PDU 0011000D91261803000000F90000A70AD32093F804C564331A
put report PDU 079126180000000006070D91261803000000F9621181116004006211811160540000
put push PDU 0791261800000000440D91261803000000F90004621181116004001F0605040B8423F001060403AE81EA02056A0045C60C036B6F70646573000101
# one hex digit short
put odd PDU 0791261800000000040D91261803000000F90000621181116004000AD32093F804C564331
# wrapped onto two lines ('/' to the emulator)
put wrapped PDU 0791261800000000040D9126/1803000000F90000621181116004000AD32093F804C564331A
put good1 +6285700000001 "HARGA BERAS"
put good2 +6285700000002 "HARGA BERAS"
expect_eq "$(grep -c '	' "$T/sim")" 8 "eight messages on the SIM"

start_daemon
wait_sql "SELECT count(*) FROM outbox WHERE state = 'terkirim'" 2 60
for n in 1 2; do
	grep -q "^+628570000000$n	1/1	.*Rp12.500" "$T/sent" || fail "reply to ...$n"
done
expect_eq "$(q "SELECT count(*) FROM inbox")" 2 "only the two SMS became inbox rows"
i=0
while [ -s "$T/sim" ]; do
	i=$((i + 1)); [ $i -gt 300 ] && fail "SIM not emptied: $(cat "$T/sim")"
	sleep 0.1
done
wait_sql "SELECT discarded FROM modems WHERE name = 'A'" 6 30
expect_has "$(ctl status)" "dibuang tanpa dibaca 6" "status counts what was deleted unread"
expect_has "$(cat "$T/kopdesd.log")" "SIM location 1 cannot be read" "the bad location is logged"
expect_eq "$(grep -c 'SIM location 5 cannot be read' "$T/kopdesd.log")" 1 "logged once"
stop_daemon TERM
expect_eq "$DAEMON_RC" 0 "clean stop"
echo "unreadable: ok"
