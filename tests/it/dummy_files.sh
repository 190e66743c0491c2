#!/bin/sh
# Bad files in the dummy phone's inbox cannot stop the gateway (SPEC §5):
# inject refuses a sender the file cannot carry; kopdesd sets a file
# Gammu would crash on aside and answers the good SMS behind it; a file
# it died reading is set aside on the next start instead of killing it
# again.
. tests/it/lib.sh

write_config
ctl init >/dev/null || fail "init"
ctl price set "Gula Pasir" 17000 --unit kg >/dev/null

# refused EXPECTED_TEXT CMD...: exit 1, exactly one stderr line.
refused() {
	want=$1; shift
	ctl "$@" >/dev/null 2>"$T/err"; rc=$?
	[ $rc = 1 ] || fail "[$*] exit $rc, expected 1"
	[ "$(wc -l < "$T/err")" = 1 ] || fail "[$*] stderr has $(wc -l < "$T/err") lines"
	grep -qF -- "$want" "$T/err" || fail "[$*] stderr [$(cat "$T/err")] lacks [$want]"
}
digits=$(printf '%03000d' 0 | tr 0 8)
why="pengirim harus nomor telepon"
refused "$why" inject --from "$digits" HARGA GULA
refused "$why" inject --from '0812"345' HARGA GULA
refused "$why" inject --from "$(printf '0812\n[SMSBackup001]')" HARGA GULA
refused "$why" inject --from TELKOMSEL123 HARGA GULA
refused "$why" inject --from "" HARGA GULA
[ -z "$(ls "$T/phone/sms/1" 2>/dev/null)" ] || fail "a refused inject wrote $(ls "$T/phone/sms/1")"
ctl inject --from TELKOMSEL "HARGA GULA" >/dev/null || fail "an alphanumeric sender"
rm -f "$T/phone/sms/1/"*

# What inject used to write for --from <3000 digits>: Gammu 1.42 dies on it.
mkdir -p "$T/phone/sms/1"
printf '[SMSBackup000]\nSMSC = "+123456"\nPDU = Deliver\nDateTime = 20261123T090000Z\nState = UnRead\nNumber = "%s"\nCoding = Default_No_Compression\nFolder = 1\nText00 = 00480041005200470041\n' \
    "$digits" > "$T/phone/sms/1/1"
ctl inject --from 085700000001 "HARGA gula" >/dev/null || fail "inject"
start_daemon
wait_sql "SELECT count(*) FROM outbox WHERE phone = '+6285700000001' AND state = 'terkirim'" 1
expect_has "$(q "SELECT text FROM outbox WHERE phone = '+6285700000001'")" "Rp17.000" "the SMS behind the bad file"
[ -e "$T/phone/sms/1/1" ] && fail "the bad file is still in the inbox"
ls "$T/phone/sms/quarantine" | grep -q '^1-1-' || fail "the bad file is not in quarantine"
grep -q "sms/1/1 set aside (Number is 3002 characters" "$T/kopdesd.log" || fail "no log line naming the file and why"
stop_daemon TERM
expect_eq "$DAEMON_RC" 0 "exit status after SIGTERM"

# A crash reading a file that passed the screen, as the dying gateway
# leaves it: the marker naming the file, marked by its fault handler.
ctl inject --from 085700000002 "HARGA gula" >/dev/null || fail "inject"
ctl inject --from 085700000003 "HARGA gula" >/dev/null || fail "inject"
first=$(ls "$T/phone/sms/1" | sort -n | head -1)
printf 'sms/1/%s\ncrashed\n' "$first" > "$T/phone/sms/reading"
start_daemon
wait_sql "SELECT count(*) FROM outbox WHERE phone = '+6285700000003' AND state = 'terkirim'" 1
expect_eq "$(q "SELECT count(*) FROM inbox WHERE sender = '+6285700000002'")" 0 "the file it died in is not read again"
ls "$T/phone/sms/quarantine" | grep -q "^1-$first-" || fail "the file it died in is not in quarantine"
grep -q "sms/1/$first set aside (the gateway crashed reading it)" "$T/kopdesd.log" || fail "no log line for the crash"
[ -e "$T/phone/sms/reading" ] && fail "marker left after a clean read"
stop_daemon TERM
expect_eq "$(q "SELECT discarded FROM modems WHERE name = 'modem1'")" 1 "files set aside counted for status"
echo "dummy_files: ok"
