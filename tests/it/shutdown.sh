#!/bin/sh
# SIGTERM in the middle of a burst: kopdesd finishes the transaction in
# hand, exits 0, and after a restart every SMS is answered exactly once.
. tests/it/lib.sh

write_config
ctl init >/dev/null || fail "init"
ctl price set "Beras Medium" 12500 --unit kg >/dev/null
N=200; i=1
while [ $i -le $N ]; do
	ctl inject --from "0857$(printf %08d $i)" "HARGA BERAS" >/dev/null 2>"$T/inject.err" || fail "inject: $(cat "$T/inject.err")"
	i=$((i + 1))
done
start_daemon
sleep 0.4
stop_daemon TERM
expect_eq "$DAEMON_RC" 0 "exit status after SIGTERM mid-burst"
start_daemon
wait_sql "SELECT count(*) FROM inbox WHERE state = 'selesai'" $N 60
wait_sql "SELECT count(*) FROM outbox WHERE state = 'terkirim'" $N 60
stop_daemon TERM
expect_eq "$(q "SELECT count(*) FROM inbox")" $N "inbox rows"
expect_eq "$(q "SELECT count(DISTINCT phone) FROM outbox")" $N "one reply per sender"
expect_has "$(q "SELECT text FROM outbox LIMIT 1")" "Rp12.500" "reply facts"
echo "shutdown: ok"
