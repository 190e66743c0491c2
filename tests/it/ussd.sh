#!/bin/sh
# USSD over real HTTP on loopback (SPEC §2, notes/ussd.md): kopdesd's
# listener driven by the project's own subscriber, ussdsub.  Every menu
# path's screens byte for byte, a replayed final hop, 50 sessions at once,
# an abandoned session, the secret, size and time limits, and no PIN in any
# stored row or log line.
. tests/it/lib.sh

SUB="$KOPDES_TOOLS/ussdsub"
G=tests/it/ussd
SECRET=rahasia-uji-7f3a
KETUA=+6281100000001 BENDAHARA=+6281100000002 KASIR=+6281100000003
SITI=+6281300000001

readies() { n=$(ready_count); echo "${n:-0}"; }
# start_http [extra config]: kopdesd on a free port; sets URL and PORT.
start_http() {
	tries=0
	while :; do
		tries=$((tries + 1)); [ $tries -gt 20 ] && fail "no free port"
		# Below the ephemeral range, where outgoing connections live.
		PORT=$((20000 + $(od -An -N2 -tu2 /dev/urandom) % 12000))
		write_config "http = { listen = \"127.0.0.1\"; port = $PORT; secret = \"$SECRET\"; timeout_seconds = 1; };
ussd = { service_code = \"*384*1234#\"; $1 };
rate_limit = { messages = 200; per_seconds = 600; };"
		before=$(readies)
		"$KOPDESD" -f -c "$T/kopdes.conf" >>"$T/kopdesd.log" 2>&1 &
		DAEMON_PID=$!
		i=0
		while [ "$(readies)" -le "$before" ] && kill -0 "$DAEMON_PID" 2>/dev/null; do
			i=$((i + 1)); [ $i -gt 200 ] && fail "kopdesd did not start"
			sleep 0.05
		done
		kill -0 "$DAEMON_PID" 2>/dev/null && break
		wait "$DAEMON_PID" 2>/dev/null; DAEMON_PID=""
	done
	URL="http://127.0.0.1:$PORT/ussd?k=$SECRET"
}

# golden FILE PHONE INPUT...: the transcript must be exactly tests/it/ussd/FILE.
# KOPDES_GOLDEN_WRITE=1 writes the files instead, to be read and committed.
golden() {
	name=$1; shift
	"$SUB" play "$URL" "$@" > "$T/got" || fail "$name: subscriber failed"
	if [ "${KOPDES_GOLDEN_WRITE:-}" = 1 ]; then cp "$T/got" "$G/$name"; return; fi
	diff -u "$G/$name" "$T/got" >&2 || fail "$name: screens differ"
}
rows() { q "SELECT (SELECT count(*) FROM inbox) || '/' || (SELECT count(*) FROM journal) || '/' || (SELECT count(*) FROM loans) || '/' || (SELECT count(*) FROM pending_deposits) || '/' || (SELECT count(*) FROM ussd_sessions)"; }

write_config
ctl init >/dev/null || fail "init"
ctl member add --phone 081100000001 --name 'Haji Sutrisno' --role ketua --pin 5101 >/dev/null
ctl member add --phone 081100000002 --name "Dewi Lestari" --role bendahara --pin 5202 --id B001 >/dev/null
ctl member add --phone 081100000003 --name "Agus Salim" --role kasir --pin 5303 --id K001 >/dev/null
ctl member add --phone 081300000001 --name "Siti Aminah" --pin 2580 --id A017 >/dev/null
ctl sim --from 081100000003 SIMPAN A017 500rb 5303 >/dev/null || fail "deposit"
for p in "Beras Medium:12.500:kg" "Beras Premium:14.900:kg" "Gula Pasir:17.500:kg" \
    "Minyak Goreng:18.000:liter" "Telur Ayam:28.000:kg" "Tepung Terigu:11.000:kg" \
    "Garam Dapur:4.000:bungkus" "Kopi Bubuk:9.500:bungkus" "Teh Celup:7.000:kotak" \
    "Susu Kental Manis:12.000:kaleng" "Mi Instan:3.100:bungkus" "Kecap Manis:8.500:botol"; do
	IFS=: read -r item price unit <<P
$p
P
	ctl price set "$item" "$price" --unit "$unit" >/dev/null || fail "price $item"
done
start_http

# Every menu path, member and stranger, byte for byte.
golden member_menu.txt $SITI
golden saldo.txt $SITI 1 2580
golden tagihan.txt $SITI 2 2580
golden status_none.txt $SITI 3 2580
golden prices_member.txt $SITI 6 9 9 9 0 0 0
golden stranger.txt +6285700000001 1 9 0 0 5
golden stranger_again.txt +6285700000001
golden wrong_pin.txt $SITI 1 1111
expect_eq "$(q "SELECT failed_tries FROM members WHERE number = 'A017'")" 1 "a wrong PIN over USSD counts as over SMS"

# A loan application, refused inputs on the way, the final hop replayed.
before=$(rows)
golden loan.txt $SITI 9 4 abc 0 1000000 99 10 2580 --replay
expect_eq "$(q "SELECT code || ' ' || principal || ' ' || months || ' ' || state FROM loans")" "P0001 1000000 10 diajukan" "one application from a replayed hop"
expect_eq "$(q "SELECT count(*) FROM inbox WHERE channel = 'ussd' AND text = 'PINJAM 1000000 10 ****'")" 1 "the replay made no second inbox row"
expect_eq "$(q "SELECT count(*) FROM outbox WHERE channel = 'sms' AND phone IN ('$KETUA', '$BENDAHARA') AND text LIKE '%SETUJU P0001%'")" 2 "officers alerted by SMS"
# (Her welcome SMS, from member add, belongs to no message.)
expect_eq "$(q "SELECT count(*) FROM outbox WHERE phone = '$SITI' AND channel = 'sms' AND inbox_id IS NOT NULL")" 1 "the member's only SMS is the deposit receipt: her answer was the screen"
golden status_loan.txt $SITI 3 2580

# The dial string's shortcut: *384*1234*1*2580# runs at once.
golden shortcut.txt $SITI --first '1*2580'

# A deposit announced, and the end-of-session notification stored.
golden deposit.txt $SITI 5 20000 4 2 2580 --session ATUid_dep1 --notify "http://127.0.0.1:$PORT/ussd/end?k=$SECRET"
expect_eq "$(q "SELECT amount || ' ' || type || ' ' || state FROM pending_deposits")" "20000 wajib menunggu" "deposit announced, nothing posted"
expect_eq "$(q "SELECT state || ' ' || end_status || ' ' || end_input || ' ' || hops FROM ussd_sessions WHERE session_id = 'ATUid_dep1'")" "selesai Success 5*20000*4*2*[PIN] 6" "end notification stored, PIN redacted"
expect_has "$(q "SELECT text FROM outbox WHERE phone = '$KASIR' ORDER BY id DESC LIMIT 1")" "TERIMA S0001" "kasir told by SMS"

# Names are transliterated to what every handset shows; an empty input
# (some aggregators send 1**2) is a wrong choice, not an error.
ctl member add --phone 081300000005 --name "Désirée Ñúñez" --pin 4826 >/dev/null
"$SUB" play "$URL" +6281300000005 6 '' 0 1 4826 > "$T/name.out" || fail "accented name: screens not plain GSM-7"
expect_eq "$(grep -c '^CON Harga sembako 1/3:' "$T/name.out")" 2 "an empty input shows the same page again"
expect_has "$(tail -1 "$T/name.out")" "END Saldo A018 Desiree: Pokok Rp0" "name transliterated"

# An abandoned session posts nothing.
before=$(rows)
"$SUB" play "$URL" $SITI 4 500000 6 > /dev/null || fail "abandoned session"
expect_eq "$(rows)" "$before" "an abandoned session stores nothing"

# 50 sessions at once, each announcing a deposit.
"$SUB" parallel "$URL" 50 $SITI 5 50000 1 2580 > "$T/par.out" 2>"$T/par.err" || fail "parallel: $(cat "$T/par.err")"
expect_eq "$(head -1 "$T/par.out")" "50 sessions, 50 ended, 0 failed" "50 parallel sessions"
expect_eq "$(q "SELECT count(DISTINCT code) FROM pending_deposits WHERE amount = 50000")" 50 "50 deposits, each once"

# 50 members ending their sessions at once: final hops that arrive together
# share a commit, yet each is posted once and answered with its own screen.
i=1
while [ $i -le 50 ]; do
	printf '08132%07d,Anggota %d,anggota,2468,A%03d\n' $i $i $((100 + i))
	i=$((i + 1))
done | { echo "phone,name,role,pin,id"; cat; } > "$T/members.csv"
ctl member import "$T/members.csv" >/dev/null || fail "import"
counter() { "$SUB" req "http://127.0.0.1:$PORT/metrics?k=$SECRET" --method GET | awk -v m="$1" '$1 == m { print $2 }'; }
# together TYPE-NAME CHOICE [ussdsub options]: member i announces Rp i.000.
together() {
	type=$1 choice=$2; shift 2
	hops0=$(counter kopdes_ussd_commands_total) commits0=$(counter kopdes_ussd_command_commits_total)
	"$SUB" parallel "$URL" 50 +6281320000001 --each-phone --print-all "$@" 5 '{i}000' "$choice" 2468 \
	    > "$T/tog.out" 2>"$T/tog.err" || fail "$type deposits at once: $(cat "$T/tog.err")"
	expect_eq "$(head -1 "$T/tog.out")" "50 sessions, 50 ended, 0 failed" "$type deposits at once"
	q "SELECT m.phone || ' ' || d.amount || ' ' || d.code FROM pending_deposits d JOIN members m ON m.id = d.member_id WHERE m.phone LIKE '+6281320%' AND d.type = '$type' ORDER BY m.phone" |
	while read -r phone amount code; do
		expect_eq "$amount" "$(($(expr "${phone#+62813200000}" + 0) * 1000))" "$phone's own amount"
		echo "$phone END Setoran Rp$((amount / 1000)).000 simpanan $type dicatat, kode $code. Bawa uang ke kasir, sebut kode $code. Saldo bertambah setelah kasir menerima."
	done > "$T/tog.want"
	sed 1d "$T/tog.out" | sort > "$T/tog.got"
	diff -u "$T/tog.want" "$T/tog.got" >&2 || fail "$type deposits at once: each posted once, answered with its own code"
	hops=$(($(counter kopdes_ussd_commands_total) - hops0))
	commits=$(($(counter kopdes_ussd_command_commits_total) - commits0))
	[ $((commits * 2)) -lt "$hops" ] || fail "$type deposits at once: $hops final hops took $commits commits"
}
kasir() { q "SELECT count(*) FROM outbox WHERE phone = '$KASIR' AND text LIKE '%TERIMA S%'"; }
told0=$(kasir)
together wajib 2
expect_eq "$(kasir)" $((told0 + 50)) "kasir told of each deposit once"
# Each final hop sent twice at once: the twin mostly lands in the same
# group as its original, and is answered from it without posting again.
inbox0=$(q "SELECT count(*) FROM inbox WHERE channel = 'ussd'")
together sukarela 1 --replay-together
expect_eq "$(q "SELECT count(*) FROM inbox WHERE channel = 'ussd'")" $((inbox0 + 50)) "twins made no second inbox row"
expect_eq "$(kasir)" $((told0 + 100)) "kasir told once per deposit, not per twin"

# The secret: wrong, missing, or in the header.
before=$(rows)
form="sessionId=ATUid_s1&phoneNumber=%2B6281300000001&text=1*2580"
expect_eq "$("$SUB" req "http://127.0.0.1:$PORT/ussd?k=wrong" --data "$form" | head -1)" 403 "wrong secret"
expect_eq "$("$SUB" req "http://127.0.0.1:$PORT/ussd?k=${SECRET}x" --data "$form" | head -1)" 403 "longer secret"
expect_eq "$("$SUB" req "http://127.0.0.1:$PORT/ussd" --data "$form" | head -1)" 403 "no secret"
expect_eq "$(rows)" "$before" "nothing stored without the secret"
"$SUB" req "http://127.0.0.1:$PORT/ussd" --header "X-Kopdes-Secret: $SECRET" --data "sessionId=ATUid_s2&phoneNumber=%2B6281300000001&text=" > "$T/h.out"
expect_eq "$(head -2 "$T/h.out")" "200
CON Koperasi Uji" "secret in the header"
expect_eq "$("$SUB" req "http://127.0.0.1:$PORT/nothing?k=$SECRET" | head -1)" 404 "unknown path"
expect_eq "$("$SUB" req "$URL" --data "text=1" | head -1)" 400 "no sessionId"

# Limits: a body too large is refused whole; a slow client is dropped
# while others are answered.
expect_eq "$("$SUB" req "$URL" --body-size 9000 | head -1)" 413 "oversized body"
expect_eq "$(rows)" "$before" "nothing stored from refused requests"
"$SUB" slow "$URL" $SITI > "$T/slow.out" 2>"$T/slow.err" || fail "slow client: $(cat "$T/slow.err")"

# Changing the PIN over USSD; the old one is refused afterwards.
golden pin_mismatch.txt $SITI 7 12 1357 9999
golden pin_change.txt $SITI 7 1357 1357 2580
golden saldo_new_pin.txt $SITI 1 1357

# No PIN in any stored row or log line.
for pin in 2580 1357 1111; do
	# Every table but members, whose salted hashes may hold any digits.
	for t in $(q "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'members'"); do
		q "SELECT * FROM $t" | grep -a -- "$pin" && fail "PIN $pin stored in $t"
	done
	grep -q -- "$pin" "$T/kopdesd.log" && fail "PIN $pin logged"
done
grep -q "$SECRET" "$T/kopdesd.log" && fail "secret logged"
grep -q "POST /ussd 200" "$T/kopdesd.log" || fail "requests logged"
ctl ledger check >/dev/null || fail "ledger check"

# GET /metrics: the same numbers as the tables, behind the same secret.
expect_eq "$("$SUB" req "http://127.0.0.1:$PORT/metrics" --method GET | head -1)" 403 "metrics need the secret"
wait_sql "SELECT count(*) FROM modems" 1
wait_sql "SELECT count(*) FROM outbox WHERE state = 'antri'" 0
"$SUB" req "http://127.0.0.1:$PORT/metrics?k=$SECRET" --method GET > "$T/metrics"
expect_eq "$(head -1 "$T/metrics")" 200 "metrics"
metric() { grep -qxF -- "$1" "$T/metrics" || fail "metrics lack [$1]: $(grep -F "${1%% *}" "$T/metrics")"; }
metric "kopdes_inbox_messages{state=\"selesai\",channel=\"ussd\"} $(q "SELECT count(*) FROM inbox WHERE state = 'selesai' AND channel = 'ussd'")"
metric "kopdes_outbox_messages{state=\"terkirim\",channel=\"sms\"} $(q "SELECT count(*) FROM outbox WHERE state = 'terkirim' AND channel = 'sms'")"
metric "kopdes_outbox_messages{state=\"terkirim\",channel=\"ussd\"} $(q "SELECT count(*) FROM outbox WHERE channel = 'ussd'")"
metric "kopdes_ussd_sessions{state=\"selesai\"} $(q "SELECT count(*) FROM ussd_sessions WHERE state = 'selesai'")"
metric "kopdes_link_connected{link=\"modem1\"} 1"
metric "kopdes_pin_failures_total 1"
metric "kopdes_members_pin_locked 0"
metric "kopdes_http_refused_total 4"
grep -q '^kopdes_last_commit_age_seconds [0-9]' "$T/metrics" || fail "last commit age"
grep -q '^kopdes_ussd_hops_total [1-9]' "$T/metrics" || fail "hops counted"
ctl status > "$T/status" || fail "status"
grep -qxF "http: 127.0.0.1 port $PORT, menjawab" "$T/status" || fail "status names the listener: $(cat "$T/status")"
grep -q "^sesi ussd: .*berakhir" "$T/status" || fail "status counts USSD sessions"
stop_daemon
# Under the sanitizers a leak at exit is a failed exit status.
expect_eq "$DAEMON_RC" 0 "kopdesd's exit after SIGTERM"

# An aggregator that sends the last input only: the path is kept per session.
start_http "last_input_only = true;"
saldos=$(q "SELECT count(*) FROM inbox WHERE channel = 'ussd' AND command = 'SALDO'")
golden last_input.txt $SITI 6 9 0 0 1 1357 --last-input-only --replay
expect_eq "$(q "SELECT count(*) FROM inbox WHERE channel = 'ussd' AND command = 'SALDO'")" $((saldos + 1)) "a replay in that mode is answered once"
stop_daemon
expect_eq "$DAEMON_RC" 0 "kopdesd's exit after SIGTERM, last input only"

# kopdesctl ussd plays the same screens in-process; --dry-run keeps nothing.
ctl ussd --from 081300000001 1 1357 > "$T/ctl.out" || fail "kopdesctl ussd"
diff -u $G/saldo_new_pin.txt "$T/ctl.out" >&2 || fail "kopdesctl ussd screens"
before=$(rows)
ctl ussd --dry-run --from 081300000001 5 30000 1 1357 > "$T/dry.out" 2>/dev/null || fail "ussd --dry-run"
expect_has "$(tail -1 "$T/dry.out")" "END Setoran Rp30.000 simpanan sukarela dicatat" "dry run shows the answer"
expect_eq "$(rows)" "$before" "ussd --dry-run changes nothing"

# No secret, no listener.
write_config "http = { listen = \"127.0.0.1\"; port = $PORT; secret = \"\"; };"
start_daemon
grep -q "listener (USSD) is off" "$T/kopdesd.log" || fail "says the listener is off"
expect_eq "$("$SUB" req "http://127.0.0.1:$PORT/ussd?k=" --data "$form" | head -1)" 0 "nothing listens without a secret"
stop_daemon
echo "ussd: ok"
