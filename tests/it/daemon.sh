#!/bin/sh
# kopdesd end to end on Gammu's dummy phone: SMS dropped into the phone's
# inbox (single, concatenated, UCS-2, and a malformed file) are answered,
# the ledger moves, replies leave through the modem, SIGHUP reloads the
# rules and SIGTERM stops cleanly.
. tests/it/lib.sh

write_config
ctl init >/dev/null || fail "init"
ctl member add --phone 081100000001 --name "Sri Kasir" --role kasir --pin 9911 --id K001 >/dev/null
ctl member add --phone 081100000002 --name "Budi Santoso" --role bendahara --pin 9922 --id B001 >/dev/null
ctl member add --phone 081300000001 --name "Siti Aminah" --pin 1234 --id A001 >/dev/null
ctl price set "Beras Premium" 14500 --unit kg >/dev/null
ctl price set "Gula Pasir" 17000 --unit kg >/dev/null

start_daemon
ctl inject --from 081300000001 "SALDO 1234" >/dev/null || fail "inject"
ctl inject --from 081100000001 "SIMPAN A001 50rb 9911" >/dev/null || fail "inject"
pad=$(printf '%0180d' 0 | tr 0 ' ')
ctl inject --from 085700000001 "HARGA gula pasir$pad." >/dev/null || fail "inject long"
ctl inject --from 085700000002 "Halo 🙏 apa kabar" >/dev/null || fail "inject ucs2"
# A file the dummy cannot parse must be set aside, not stop the reading.
printf 'this is not an sms\n' > "$T/phone/sms/1/777"

wait_sql "SELECT count(*) FROM inbox WHERE state <> 'baru'" 4
wait_sql "SELECT count(*) FROM outbox WHERE state = 'antri'" 0
[ -z "$(ls "$T/phone/sms/1" 2>/dev/null)" ] || fail "phone inbox not emptied: $(ls "$T/phone/sms/1")"
ls "$T/phone/sms/quarantine/" 2>/dev/null | grep -q . || fail "malformed file not quarantined"

saldo=$(q "SELECT text FROM outbox WHERE phone = '+6281300000001' AND priority = 0")
expect_has "$saldo" "Rp0" "first SALDO"
conf=$(q "SELECT text FROM outbox WHERE phone = '+6281300000001' AND priority = 1")
expect_has "$conf" "Rp50.000" "member's deposit confirmation"
alert=$(q "SELECT text FROM outbox WHERE phone = '+6281100000002'")
expect_has "$alert" "Rp50.000" "bendahara's deposit alert"
long=$(q "SELECT text FROM outbox WHERE phone = '+6285700000001'")
expect_has "$long" "Rp17.000" "price asked in a concatenated SMS"
stored=$(q "SELECT text FROM inbox WHERE sender = '+6285700000002'")
expect_eq "$stored" "Halo 🙏 apa kabar" "UCS-2 text stored"
expect_eq "$(q "SELECT count(*) FROM inbox WHERE text LIKE '%9911%' OR text LIKE '%1234%'")" 0 "PINs redacted in the inbox"
expect_eq "$(q "SELECT count(*) FROM outbox WHERE state = 'terkirim' AND modem = 'modem1' AND parts >= 1")" \
    "$(q "SELECT count(*) FROM outbox")" "every SMS sent through modem1"
expect_eq "$(q "SELECT balance FROM accounts a JOIN members m ON m.id = a.member_id WHERE m.number = 'A001' AND a.code = 'simpanan_sukarela'")" 50000 "sukarela after deposit"
ctl ledger check >/dev/null || fail "ledger check"

# SIGHUP: a price changed in the database is read at once; a tighter rate
# limit in the file applies after the reload, with no restart.
ctl price set "Gula Pasir" 18000 >/dev/null
write_config 'rate_limit = { messages = 2; per_seconds = 600; };'
kill -HUP "$DAEMON_PID"
i=0; until grep -q reloaded "$T/kopdesd.log"; do i=$((i+1)); [ $i -gt 50 ] && fail "no reload"; sleep 0.1; done
# Three different texts: the same text at the same SMSC time is one SMS seen twice.
for item in GULA BERAS "GULA PASIR"; do ctl inject --from 085700000009 "HARGA $item" >/dev/null; done
wait_sql "SELECT count(*) FROM inbox WHERE sender = '+6285700000009' AND state <> 'baru'" 3
expect_eq "$(q "SELECT count(*) FROM inbox WHERE sender = '+6285700000009' AND state = 'dibatasi'")" 1 "third message rate-limited after reload"
expect_has "$(q "SELECT text FROM outbox WHERE phone = '+6285700000009' LIMIT 1")" "Rp18.000" "new price"

stop_daemon TERM
expect_eq "$DAEMON_RC" 0 "exit status after SIGTERM"
ctl status > "$T/status.out" || fail "status"
expect_has "$(cat "$T/status.out")" "modem1" "status names the modem"
echo "daemon: ok"
