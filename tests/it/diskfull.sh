#!/bin/sh
# The database's disk fills in the middle of a burst of deposits and is
# freed again.  The modem sends each reply once (results that could not
# be recorded wait in memory), every SMS is stored and answered once,
# the balances are exact, the ledger check is clean and the log says it
# in a few lines.  Needs a small tmpfs (root); skipped where none can be
# mounted.
. tests/it/lib.sh

mkdir -p "$T/disk"
if ! mount -t tmpfs -o size=24m tmpfs "$T/disk" 2>/dev/null; then
	echo "diskfull: skipped (cannot mount a tmpfs here)"
	exit 0
fi
trap '[ -n "$DAEMON_PID" ] && { kill -9 "$DAEMON_PID"; wait "$DAEMON_PID"; } 2>/dev/null; DAEMON_PID=""; umount "$T/disk" 2>/dev/null; cleanup' EXIT

write_config
sed -i "s|^database = .*|database = \"$T/disk/kopdes.db\";|" "$T/kopdes.conf"
q() { sqlite3 -batch -noheader "$T/disk/kopdes.db" "$1"; }
ctl init >/dev/null || fail "init"
ctl member add --phone 081100000001 --name "Sri Kasir" --role kasir --pin 9911 --id K001 >/dev/null
m=1
while [ $m -le 30 ]; do
	printf '0813%08d,Anggota %d,anggota,,A%03d\n' $m $m $m
	m=$((m + 1))
done | { echo "phone,name,role,pin,id"; cat; } > "$T/members.csv"
ctl member import "$T/members.csv" >/dev/null || fail "import"

N=150; i=1; expected=0
while [ $i -le $N ]; do
	amount=$(( 1000 + i ))
	ctl inject --from 081100000001 "SIMPAN A$(printf %03d $(( (i - 1) % 30 + 1 ))) $amount 9911" >/dev/null 2>&1 || fail "inject $i"
	expected=$((expected + amount))
	i=$((i + 1))
done

# All but 256 KB of the disk taken beforehand: the burst's own writes
# (its WAL grows by about 2 MB) fill the rest early in the burst, at a
# point no timing of this script decides.
dd if=/dev/zero of="$T/disk/pad" bs=64k 2>/dev/null
truncate -s -256K "$T/disk/pad" || fail "truncate"
start_daemon
i=0; until grep -q "disk is full" "$T/kopdesd.log"; do
	i=$((i + 1)); [ $i -gt 300 ] && fail "the full disk was never noticed"; sleep 0.1
done
during=$(q "SELECT count(*) FROM outbox WHERE state = 'terkirim'")
# The fault itself lasts a while (not a wait for an outcome): 2 s full.
sleep 2
rm -f "$T/disk/pad"

wait_sql "SELECT count(*) FROM inbox WHERE state <> 'baru'" $N 120
wait_sql "SELECT count(*) FROM outbox WHERE state = 'antri'" 0 120
stop_daemon TERM
expect_eq "$DAEMON_RC" 0 "clean stop"
[ "$during" -lt "$(q "SELECT count(*) FROM outbox")" ] || fail "the disk filled after the burst; the test proved nothing"
echo "disk full after $during replies recorded: $(grep -c 'not recorded\|not stored\|not handled' "$T/kopdesd.log") failure line(s)"

expect_eq "$(q "SELECT count(*) FROM inbox")" $N "inbox rows (no SMS stored twice)"
expect_eq "$(q "SELECT count(*) FROM inbox WHERE state = 'selesai'")" $N "all handled"
expect_eq "$(q "SELECT count(*) FROM (SELECT i.id FROM inbox i JOIN outbox o ON o.inbox_id = i.id AND o.priority = 0 GROUP BY i.id HAVING count(*) = 1)")" $N "exactly one reply per SMS"
expect_eq "$(q "SELECT count(*) FROM journal WHERE kind = 'setoran'")" $N "one posting per SMS"
expect_eq "$(q "SELECT sum(balance) FROM accounts WHERE code = 'simpanan_sukarela'")" $expected "sukarela total"
expect_eq "$(q "SELECT balance FROM accounts WHERE code = 'kas'")" $expected "kas"
expect_eq "$(q "SELECT count(*) FROM outbox WHERE state <> 'terkirim'")" 0 "every SMS sent"
# The modem's own count of what it sent: each row once.
expect_eq "$(q "SELECT sent FROM modems WHERE name = 'modem1'")" "$(q "SELECT count(*) FROM outbox")" "SMS sent by the modem"
ctl ledger check >/dev/null || fail "ledger check"
# The line per SMS handled or sent is not a failure line.
lines=$(grep -cv ': handled$\|: sent to ' "$T/kopdesd.log")
[ "$lines" -lt 60 ] || fail "the log grew by $lines lines"
echo "diskfull: ok"
