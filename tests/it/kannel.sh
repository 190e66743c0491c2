#!/bin/sh
# Kannel as an SMS link, for real: bearerbox, smsbox and the fake SMSC of
# kannel-extras on free loopback ports, with etc/kannel.conf (ports and
# secrets changed), and kopdesd with no modem at all.  SMS in through
# fakesmsc, replies and alerts out at fakesmsc, UCS-2 both ways, delivery
# reports on the outbox rows, a repeated Kannel id handled once, and a
# burst during which kopdesd is killed with SIGKILL: every SMS answered,
# none handled twice, the ledger clean.
. tests/it/lib.sh

. tests/support/kannel_stack.sh
kannel_config
# Retries wait on the real clock; a pinned one would never let them fall due.
unset KOPDES_NOW
echo 'outbox = { max_tries = 5; retry_seconds = 1; };' >> "$T/kopdes.conf"
ctl init >/dev/null || fail "init"
ctl member add --phone 081100000002 --name "Dewi Lestari" --role bendahara --pin 5202 --id B001 >/dev/null
ctl member add --phone 081100000003 --name "Agus Salim" --role kasir --pin 5303 --id K001 >/dev/null
ctl member add --phone 081300000001 --name "Siti Aminah" --pin 2580 --id A017 >/dev/null
ctl price set "Beras Medium" 12.500 --unit kg >/dev/null
ctl price set "Kerupuk Ikan – Palembang" 15.000 --unit bungkus >/dev/null
# The members' welcome SMS are not what this test counts at fakesmsc.
ctl outbox cancel --reason "uji" >/dev/null || fail "outbox cancel"

kannel_start

# An SMS in, its reply out, its delivery report back.
fakesmsc "+6281300000001 1234 text SALDO 2580"
until_true 30 "the SALDO reply at fakesmsc" fakesmsc_got 1
expect_has "$(got)" "text Saldo A017 Siti: Pokok Rp0" "reply through Kannel"
expect_eq "$(q "SELECT modem || ' ' || channel || ' ' || state || ' ' || text FROM inbox")" "kannel sms selesai SALDO ****" "MO stored, PIN redacted"
wait_sql "SELECT modem || ' ' || state || ' ' || ifnull(dlr, '') FROM outbox WHERE inbox_id IS NOT NULL" "kannel terkirim diterima"

# A kasir's deposit: the receipt to the sender, the alerts to others.
fakesmsc "+6281100000003 1234 text SIMPAN A017 200rb 5303"
until_true 30 "three SMS from one deposit" fakesmsc_got 3
expect_has "$(got | grep '+6281300000001')" "Setoran simpanan sukarela Rp200.000 diterima" "member's confirmation through Kannel"
expect_has "$(got | grep '+6281100000002')" "Rp200.000" "bendahara's alert through Kannel"
expect_has "$(got | grep '+6281100000003')" "Setoran dicatat" "kasir's receipt"

# A concatenated SMS: two parts, joined by bearerbox, handled as one.
fakesmsc "+6281300000001 1234 udh %05%00%03%AB%02%01 TAGIHAN+"
until_true 10 "the first part sent" grep -q "sent message 1" "$T/fakesmsc.out"
fakesmsc "+6281300000001 1234 udh %05%00%03%AB%02%02 2580"
until_true 30 "the reply to a concatenated SMS" fakesmsc_got 1
expect_has "$(got)" "Anda tidak punya tagihan pinjaman" "two parts read as one TAGIHAN"
expect_eq "$(q "SELECT count(*) FROM inbox WHERE text = 'TAGIHAN ****'")" 1 "one inbox row for two parts"

# UCS-2 out (a dash no GSM-7 handset shows) and in (mo-recode).
fakesmsc "+6285700000001 1234 text HARGA KERUPUK"
until_true 30 "the UCS-2 reply" fakesmsc_got 1
expect_has "$(got)" "ucs-2" "a non-GSM reply goes out as UCS-2"
fakesmsc "+6285700000002 1234 ucs2 %00H%00A%00R%00G%00A%00%20%00k%00e%00r%00u%00p%00u%00k%00%20%20%13"
until_true 30 "the reply to a UCS-2 SMS" fakesmsc_got 1
expect_eq "$(q "SELECT text FROM inbox WHERE sender = '+6285700000002'")" "HARGA kerupuk –" "UCS-2 SMS stored as UTF-8"

# Kannel repeats an MO with the same id when it got no 200: handled once.
before=$(q "SELECT count(*) FROM inbox")
mo="http://127.0.0.1:$HTTP/kannel/mo?k=$SECRET&from=%2B6285700000009&to=1234&text=HARGA&ts=1795424400&smsc=fake&coding=0&charset=UTF-8&id=3d344c7a-97cd-4687-8171-6a8e4be8768b"
expect_eq "$("$SUB" req "$mo" --method GET | head -1)" 200 "MO answered"
expect_eq "$("$SUB" req "$mo" --method GET | head -1)" 200 "repeated MO answered again"
expect_eq "$(q "SELECT count(*) FROM inbox")" $((before + 1)) "a repeated id is one inbox row"
expect_eq "$("$SUB" req "http://127.0.0.1:$HTTP/kannel/mo?k=wrong&from=1&id=2" --method GET | head -1)" 403 "MO needs the secret"

# Many MO at once, each id twice (smsbox retrying while the first is in
# flight), committed together: every request answered 200 once, every id
# one inbox row and one reply.
before=$(q "SELECT count(*) FROM inbox")
pids=""
for i in 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25; do
	for try in 1 2; do
		"$SUB" req "http://127.0.0.1:$HTTP/kannel/mo?k=$SECRET&from=%2B62857000003$i&to=1234&text=HARGA+BERAS&ts=1795424400&smsc=fake&coding=0&charset=UTF-8&id=serentak-$i" \
		    --method GET > "$T/mo-$i-$try" 2>&1 & pids="$pids $!"
	done
done
wait $pids
expect_eq "$(grep -lx 200 "$T"/mo-* | wc -l)" 32 "32 MO requests at once, each answered 200"
expect_eq "$(q "SELECT count(*) FROM inbox")" $((before + 16)) "16 ids at once are 16 inbox rows"
expect_eq "$(q "SELECT count(DISTINCT sender) FROM inbox WHERE sender LIKE '+62857000003__'")" 16 "one row for each id"
wait_sql "SELECT count(*) FROM outbox WHERE phone LIKE '+62857000003__' AND dlr = 'diterima'" 16
expect_eq "$(q "SELECT count(*) FROM outbox WHERE phone LIKE '+62857000003__'")" 16 "one reply for each id"
# Delivery reports at once, committed together: each lands on its row.
pids=""
for id in $(q "SELECT id FROM outbox WHERE phone LIKE '+62857000003__'"); do
	"$SUB" req "http://127.0.0.1:$HTTP/kannel/dlr?k=$SECRET&id=$id&type=16" --method GET > "$T/dlr-$id" 2>&1 & pids="$pids $!"
done
wait $pids
expect_eq "$(grep -lx 200 "$T"/dlr-* | wc -l)" 16 "16 delivery reports at once, each answered 200"
expect_eq "$(q "SELECT count(*) FROM outbox WHERE phone LIKE '+62857000003__' AND dlr = 'ditolak'")" 16 "each report on its row"

# A burst with kopdesd killed half way; Kannel retries what got no 200.
N=150
wait_sql "SELECT count(*) FROM outbox WHERE state = 'antri'" 0
before_in=$(q "SELECT count(*) FROM inbox")
FS_INTERVAL=0.005 FS_COUNT=$N fakesmsc "+6285700000100 1234 text HARGA BERAS" "+6285700000101 1234 text HARGA BERAS"
until_true 30 "part of the burst stored" sh -c "[ \$(sqlite3 '$T/kopdes.db' 'SELECT count(*) FROM inbox') -ge $((before_in + N / 3)) ]"
stop_daemon KILL
start_daemon
wait_sql "SELECT count(*) FROM inbox" $((before_in + N)) 60
wait_sql "SELECT count(*) FROM inbox WHERE state <> 'selesai'" 0
wait_sql "SELECT count(*) FROM outbox WHERE state = 'antri'" 0 60
expect_eq "$(q "SELECT count(*) FROM outbox o JOIN inbox i ON i.id = o.inbox_id WHERE i.id > $before_in")" $N "every SMS of the burst answered once"
until_true 60 "every reply at fakesmsc" fakesmsc_got $N
ctl ledger check >/dev/null || fail "ledger check"
expect_eq "$(q "SELECT count(*) FROM inbox WHERE text LIKE '%2580%' OR text LIKE '%5303%'")" 0 "no PIN stored"
# smsbox gone: sendsms refuses connections, the rows wait and are retried,
# and leave once it is back.
kill "$(cat "$T/smsbox.pid")"
until_true 20 "smsbox to stop" sh -c "! kill -0 $(cat "$T/smsbox.pid") 2>/dev/null"
rm -f "$T/smsbox.pid"
last=$(q "SELECT max(id) FROM outbox")
ctl sim --from 081300000001 SIMPAN 10rb 2580 >/dev/null || fail "sim while smsbox is down"
wait_sql "SELECT count(*) FROM outbox WHERE id > $last AND tries > 0 AND state = 'antri'" 2
expect_has "$(q "SELECT last_error FROM outbox WHERE id > $last AND channel = 'sms' LIMIT 1")" "no answer from" "refused connection recorded"
(cd "$T" && exec "$SMSBOX" -v 4 -p "$T/smsbox.pid" kannel.conf >> smsbox.out 2>&1) & KPIDS="$KPIDS $!"
until_true 20 "smsbox back on bearerbox" smsbox_up
wait_sql "SELECT count(*) FROM outbox WHERE id > $last AND channel = 'sms' AND state = 'terkirim'" 2 60

ctl status > "$T/status" || fail "status"
grep -q "^kannel: http://127.0.0.1:$SEND/cgi-bin/sendsms (sendsms), laporan pengiriman: [0-9]* diterima" "$T/status" || fail "status shows the Kannel link: $(cat "$T/status")"
ctl outbox list | grep -q "	kannel	.*	diterima	Saldo A017" || fail "outbox list shows the delivery report"
"$SUB" req "http://127.0.0.1:$HTTP/metrics?k=$SECRET" --method GET > "$T/metrics"
grep -q '^kopdes_link_sent_total{link="kannel"} [1-9]' "$T/metrics" || fail "metrics count Kannel sends: $(grep kannel "$T/metrics")"
grep -qx 'kopdes_link_connected{link="kannel"} 1' "$T/metrics" || fail "metrics show the Kannel link up"
grep -qx "kopdes_outbox_dlr{dlr=\"diterima\"} $(q "SELECT count(*) FROM outbox WHERE dlr = 'diterima'")" "$T/metrics" || fail "metrics count delivery reports"
# Kannel refusing us (a wrong password, 403) is final: no retries.
stop_daemon
sed -i 's/password = "sandi-uji"/password = "salah"/' "$T/kopdes.conf"
start_daemon
last=$(q "SELECT max(id) FROM outbox")
ctl sim --from 081300000001 SIMPAN 10rb 2580 >/dev/null || fail "sim with a wrong Kannel password"
wait_sql "SELECT count(*) FROM outbox WHERE id > $last AND state = 'gagal' AND tries = 1" 2
expect_has "$(q "SELECT last_error FROM outbox WHERE id > $last AND state = 'gagal' LIMIT 1")" "403 Authorization failed" "the refusal recorded"

stop_daemon
echo "kannel: ok"
