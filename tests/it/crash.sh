#!/bin/sh
# Crash safety (SPEC §5): a burst of 500 deposits waits on the phone while
# kopdesd is killed with SIGKILL at several points and restarted.  After
# it: every SMS stored once and answered once, the balances exactly what
# the burst should produce, and the ledger check clean.
. tests/it/lib.sh

write_config
ctl init >/dev/null || fail "init"
ctl member add --phone 081100000001 --name "Sri Kasir" --role kasir --pin 9911 --id K001 >/dev/null
ctl member add --phone 081100000002 --name "Budi Santoso" --role bendahara --pin 9922 --id B001 >/dev/null
m=1
while [ $m -le 50 ]; do
	printf '0813%08d,Anggota %d,anggota,,A%03d\n' $m $m $m
	m=$((m + 1))
done | { echo "phone,name,role,pin,id"; cat; } > "$T/members.csv"
ctl member import "$T/members.csv" >/dev/null || fail "import"

N=500; i=1; expected=0
while [ $i -le $N ]; do
	member=$(( (i - 1) % 50 + 1 ))
	amount=$(( 1000 + i ))   # unique: one text at one SMSC time is one SMS
	ctl inject --from 081100000001 "SIMPAN A$(printf %03d $member) $amount 9911" >/dev/null 2>"$T/inject.err" || fail "inject $i: $(cat "$T/inject.err")"
	expected=$((expected + amount))
	i=$((i + 1))
done

# What the database shows of the burst's progress.
progress() {
	q "SELECT (SELECT count(*) FROM inbox) || ' ' ||
	    (SELECT count(*) FROM inbox WHERE state <> 'baru') || ' ' ||
	    (SELECT count(*) FROM outbox WHERE state = 'terkirim')"
}

# Killed at the k-th commit seen after each start (the burst takes well
# under a second, so no pause is short enough to fall inside it for
# sure); note where each kill fell.
midway=0
for k in 1 1 2 3 5 8 13; do
	last=$(progress)
	seen=0
	"$KOPDESD" -f -c "$T/kopdes.conf" >>"$T/kopdesd.log" 2>&1 &
	DAEMON_PID=$!
	i=0
	while [ $seen -lt $k ] && [ $i -lt 3000 ] && kill -0 "$DAEMON_PID" 2>/dev/null; do
		now=$(progress)
		[ "$now" != "$last" ] && seen=$((seen + 1)) && last=$now
		i=$((i + 1))
	done
	kill -9 "$DAEMON_PID"; wait "$DAEMON_PID" 2>/dev/null; DAEMON_PID=""
	handled=$(q "SELECT count(*) FROM inbox WHERE state <> 'baru'")
	sent=$(q "SELECT count(*) FROM outbox WHERE state = 'terkirim'")
	echo "killed at commit $k seen: $(q "SELECT count(*) FROM inbox") stored, $handled handled, $sent sent"
	[ "$handled" -gt 0 ] && [ "$handled" -lt $N ] && midway=1
	[ "$sent" -gt 0 ] && [ "$(q "SELECT count(*) FROM outbox")" -gt "$sent" ] && midway=1
done
[ $midway = 1 ] || fail "no kill fell in the middle of the burst; the test proved nothing"
start_daemon
wait_sql "SELECT count(*) FROM inbox WHERE state <> 'baru'" $N 120
wait_sql "SELECT count(*) FROM outbox WHERE state = 'antri'" 0 120
stop_daemon TERM

expect_eq "$(q "SELECT count(*) FROM inbox")" $N "inbox rows (no SMS stored twice)"
expect_eq "$(q "SELECT count(*) FROM inbox WHERE state = 'selesai'")" $N "all handled"
expect_eq "$(q "SELECT count(*) FROM (SELECT i.id FROM inbox i JOIN outbox o ON o.inbox_id = i.id AND o.priority = 0 GROUP BY i.id HAVING count(*) = 1)")" $N "exactly one reply per SMS"
expect_eq "$(q "SELECT count(*) FROM journal WHERE kind = 'setoran'")" $N "one posting per SMS"
expect_eq "$(q "SELECT sum(balance) FROM accounts WHERE code = 'simpanan_sukarela'")" $expected "sukarela total"
expect_eq "$(q "SELECT balance FROM accounts WHERE code = 'kas'")" $expected "kas"
[ -z "$(ls "$T/phone/sms/1")" ] || fail "phone inbox not empty"
ctl ledger check >/dev/null || fail "ledger check"
echo "crash: ok"
