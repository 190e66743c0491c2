#!/bin/sh
# One kopdesd per database and per modem: a second one is refused with the
# first one's pid, on the same database or on the same phone; `status`
# says whether kopdesd runs and stops calling modems connected once it has
# stopped; `inject` warns when no daemon will read what it wrote; and
# "rate-limited" counts the current rate window only.
. tests/it/lib.sh

write_config 'rate_limit = { messages = 1; per_seconds = 600; };'
ctl init >/dev/null || fail "init"
ctl status > "$T/st0.out" || fail "status before any daemon"
expect_has "$(cat "$T/st0.out")" "kopdesd: tidak berjalan" "status with no daemon"

ctl inject --from 085700000001 "HARGA" >/dev/null 2>"$T/inj0.err" || fail "inject"
expect_has "$(cat "$T/inj0.err")" "peringatan: tidak ada kopdesd yang membaca" "inject warns with no daemon"

start_daemon
first=$DAEMON_PID
"$KOPDESD" -f -c "$T/kopdes.conf" >"$T/second.log" 2>&1 && fail "a second kopdesd ran on one database"
expect_has "$(cat "$T/second.log")" "already running, pid $first" "second daemon on the database"

# Another database, the same phone.
sed "s|$T/kopdes.db|$T/other.db|; s|$T/kopdes.key|$T/other.key|" "$T/kopdes.conf" > "$T/other.conf"
"$CTL" -c "$T/other.conf" init >/dev/null || fail "init other"
"$KOPDESD" -f -c "$T/other.conf" >"$T/third.log" 2>&1 && fail "a second kopdesd ran on one modem"
expect_has "$(cat "$T/third.log")" "modem modem1: $T/phone is used by a kopdesd already running, pid $first" \
    "second daemon on the modem"

ctl status > "$T/st1.out" || fail "status"
expect_has "$(cat "$T/st1.out")" "kopdesd: berjalan, pid $first, sejak 20" "status names the daemon"

# One message a window: the second and third are rate-limited.
for t in "HARGA A" "HARGA B"; do
	ctl inject --from 085700000001 "$t" >/dev/null 2>"$T/inj1.err" || fail "inject $t"
done
[ -s "$T/inj1.err" ] && fail "inject warned with a daemon running: $(cat "$T/inj1.err")"
wait_sql "SELECT count(*) FROM inbox WHERE state <> 'baru'" 3
wait_sql "SELECT count(*) FROM modems WHERE connected = 1" 1
expect_has "$(ctl status)" "2 dibatasi dalam 600 detik terakhir" "rate-limited in the window"
expect_has "$(KOPDES_NOW=2026-11-23T09:11 ctl status)" "0 dibatasi dalam 600 detik terakhir" \
    "rate-limited rows of an ended window no longer count"
expect_has "$(ctl status)" "modem modem1: tersambung" "connected while running"

stop_daemon TERM
ctl status > "$T/st2.out" || fail "status after stop"
expect_has "$(cat "$T/st2.out")" "kopdesd: tidak berjalan" "status after stop"
expect_has "$(cat "$T/st2.out")" "modem modem1: tidak tersambung (kopdesd tidak berjalan)" "modem after stop"

# SIGKILL leaves no stale lock behind.
start_daemon
stop_daemon KILL
start_daemon
stop_daemon TERM
expect_eq "$DAEMON_RC" 0 "restart after SIGKILL"
# An AT modem is one modem under any of its names: a second daemon on
# another database, reaching the same port through a symlink, is refused.
if [ -w /run/lock ]; then
	: "${KOPDES_TOOLS:?KOPDES_TOOLS must name the folder with atemu}"
	mkdir -p "$T/at-in"
	"$KOPDES_TOOLS/atemu" --link "$T/modemA" --inbox "$T/at-in" --sent "$T/at-sent" &
	ATEMU=$!
	trap 'kill $ATEMU 2>/dev/null; cleanup' EXIT
	i=0; until [ -e "$T/modemA" ]; do i=$((i + 1)); [ $i -gt 100 ] && fail "atemu made no port"; sleep 0.05; done
	ln -s "$(readlink -f "$T/modemA")" "$T/alias"
	for n in 1 2; do
		dev="$T/modemA"; [ $n = 2 ] && dev="$T/alias"
		cat > "$T/at$n.conf" <<CONF
database = "$T/at$n.db";
pin_key_file = "$T/at$n.key";
modems = ( { name = "A"; connection = "at"; device = "$dev"; timeout_seconds = 3; } );
CONF
		"$CTL" -c "$T/at$n.conf" init >/dev/null || fail "init at$n"
	done
	"$KOPDESD" -f -c "$T/at1.conf" >"$T/kopdesd.log" 2>&1 &
	DAEMON_PID=$!
	i=0; until grep -q 'ready:' "$T/kopdesd.log"; do
		i=$((i + 1)); [ $i -gt 200 ] && fail "kopdesd on the AT modem did not start"; sleep 0.05
	done
	"$KOPDESD" -f -c "$T/at2.conf" >"$T/at2.log" 2>&1 && fail "a second kopdesd ran on one AT modem"
	expect_has "$(cat "$T/at2.log")" "modem A: $T/alias is used by a kopdesd already running, pid $DAEMON_PID" \
	    "second daemon on the AT modem"
	stop_daemon TERM
else
	echo "instance: /run/lock is not writable; AT modem lock not tried"
fi
echo "instance: ok"
