#!/bin/sh
# Another program holds the database (a long member import, a backup, a
# VACUUM) while kopdesd has replies to send and SMS arrive.  The modem
# sends each reply once: results it cannot record wait in memory and are
# committed when the lock goes; received SMS stay on the phone until they
# are stored, and are answered once; the loop keeps answering (a SIGHUP
# is served at once).
. tests/it/lib.sh

write_config
ctl init >/dev/null || fail "init"
ctl price set "Beras Medium" 12500 --unit kg >/dev/null
# Twenty SMS due before the daemon starts: each new member's welcome.
N=20; i=1
while [ $i -le $N ]; do
	ctl member add --phone "+62857$(printf %08d $i)" --name "Anggota $i" >/dev/null || fail "member add $i"
	i=$((i + 1))
done
expect_eq "$(q "SELECT count(*) FROM outbox WHERE state = 'antri'")" $N "replies due"

# The other writer: BEGIN IMMEDIATE held until the hold file goes.
touch "$T/hold"
printf 'BEGIN IMMEDIATE;\n.shell touch %s\n.shell while [ -e %s ]; do sleep 0.05; done\nCOMMIT;\n' \
	"$T/held" "$T/hold" | sqlite3 "$T/kopdes.db" >/dev/null 2>&1 &
HOLDER=$!
trap 'rm -f "$T/hold"; kill $HOLDER 2>/dev/null; cleanup' EXIT
i=0; until [ -e "$T/held" ]; do i=$((i + 1)); [ $i -gt 100 ] && fail "no lock taken"; sleep 0.05; done

start_daemon
# The modem has sent them and their results met the lock.  (A loop that
# says nothing about it is given 25 s, as a long import might take.)
i=0; until grep -q "send results not recorded" "$T/kopdesd.log"; do
	i=$((i + 1)); [ $i -gt 250 ] && break; sleep 0.1
done
# SMS arriving now cannot be stored: they stay on the phone until they can.
for n in 1 2 3 4 5; do
	ctl inject --from "+62858$(printf %08d $n)" "HARGA BERAS" >/dev/null || fail "inject $n"
done
i=0; until grep -q "SMS not stored; left on the modem" "$T/kopdesd.log"; do
	i=$((i + 1)); [ $i -gt 150 ] && break; sleep 0.1
done
# The loop is not stuck on the lock: a reload is served within a second.
kill -HUP "$DAEMON_PID"
frozen=1; i=0
while [ $i -lt 10 ]; do
	grep -q reloaded "$T/kopdesd.log" && { frozen=0; break; }
	i=$((i + 1)); sleep 0.1
done
expect_eq "$(q "SELECT count(*) FROM outbox WHERE state = 'terkirim'")" 0 "nothing recorded under the lock"

rm -f "$T/hold"
wait $HOLDER
wait_sql "SELECT count(*) FROM outbox WHERE state = 'terkirim'" $((N + 5)) 30
stop_daemon TERM
expect_eq "$DAEMON_RC" 0 "clean stop"
expect_eq "$(q "SELECT count(*) FROM inbox WHERE sender LIKE '+62858%'")" 5 "SMS stored once each"
expect_eq "$(q "SELECT count(*) FROM (SELECT i.id FROM inbox i JOIN outbox o ON o.inbox_id = i.id GROUP BY i.id HAVING count(*) = 1)")" 5 "one reply each"
expect_eq "$(q "SELECT count(*) FROM outbox WHERE inbox_id IS NULL AND state = 'terkirim'")" $N "every welcome sent"
[ -z "$(ls "$T/phone/sms/1")" ] || fail "phone inbox not emptied once stored"
# The modem's own count of what it sent: each reply once.
expect_eq "$(q "SELECT sent FROM modems WHERE name = 'modem1'")" $((N + 5)) "SMS sent by the modem"
expect_eq "$(q "SELECT count(*) FROM outbox WHERE tries <> 1")" 0 "each reply tried once"
[ $frozen = 0 ] || fail "the loop froze while the database was locked"
grep -q "SMS not stored; left on the modem" "$T/kopdesd.log" || fail "no received SMS met the lock"
# One line when the trouble began, one when it ended; no storm in the log.
expect_eq "$(grep -c "send results not recorded" "$T/kopdesd.log")" 1 "failure logged once"
grep -q "outbox: back to normal" "$T/kopdesd.log" || fail "no line when recording resumed"
# The line per SMS handled or sent is not a failure line.
lines=$(grep -cv ': handled$\|: sent to ' "$T/kopdesd.log")
[ "$lines" -lt 40 ] || fail "the log grew by $lines lines"
echo "lock: ok"
