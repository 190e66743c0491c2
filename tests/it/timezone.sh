#!/bin/sh
# The cooperative's time zone is configuration, recorded in its database:
# one moment (16:30 UTC) is 23:30 on 30 November in Jakarta and 00:30 on
# 1 December in Makassar, so the same approval falls due on different
# days; the 18:00 summary goes out at 18:00 local; a config naming another
# zone than the database's is refused by both programs.
. tests/it/lib.sh

# coop DIR ZONE: a cooperative with a kasir, a ketua, a bendahara and one
# member holding savings, in its own folder.
coop() {
	mkdir -p "$1/phone"
	cat > "$1/kopdes.conf" <<CONF
cooperative = "Koperasi Uji";
database = "$1/kopdes.db";
pin_key_file = "$1/kopdes.key";
modems = ( { name = "modem1"; model = "dummy"; connection = "none"; device = "$1/phone"; } );
poll_seconds = 1;
timezone = "$2";
CONF
	c="$KOPDES_BIN/kopdesctl -c $1/kopdes.conf"
	$c init >/dev/null || fail "init in $2"
	$c member add --phone 081100000001 --name "Sri Kasir" --role kasir --pin 9911 --id K001 >/dev/null
	$c member add --phone 081100000002 --name "Pak Ketua" --role ketua --pin 9933 --id L001 >/dev/null
	$c member add --phone 081100000003 --name "Budi Bendahara" --role bendahara --pin 9922 --id B001 >/dev/null
	$c member add --phone 081300000001 --name "Siti Aminah" --pin 1234 --id A001 >/dev/null
	$c sim --from 081100000001 SIMPAN A001 100rb 9911 >/dev/null || fail "deposit in $2"
}
qz() { sqlite3 -batch -noheader "$1/kopdes.db" "$2"; }

# Refused in the file, with its line.
mkdir -p "$T/bad"
printf 'cooperative = "X";\ntimezone = "Asia/Tokyo";\n' > "$T/bad/kopdes.conf"
"$CTL" -c "$T/bad/kopdes.conf" status 2>"$T/bad.err" && fail "Asia/Tokyo accepted"
expect_has "$(cat "$T/bad.err")" "kopdes.conf:2: timezone must be" "unknown zone refused at its line"

# One moment, two zones, two calendar days.
moment=$(date -u -d 2026-11-30T16:30:00Z +%s)
for z in Jakarta Makassar; do
	coop "$T/$z" "Asia/$z"
	c="$KOPDES_BIN/kopdesctl -c $T/$z/kopdes.conf"
	KOPDES_NOW=$moment $c sim --from 081300000001 PINJAM 90rb 3 1234 >/dev/null || fail "apply in $z"
	KOPDES_NOW=$moment $c loan approve P0001 >/dev/null || fail "approve in $z"
done
expect_eq "$(qz "$T/Jakarta" "SELECT disbursed_on FROM loans")" 2026-11-30 "paid out on Jakarta's day"
expect_eq "$(qz "$T/Jakarta" "SELECT due_on FROM instalments WHERE seq = 1")" 2026-12-30 "first due date in WIB"
expect_eq "$(qz "$T/Makassar" "SELECT disbursed_on FROM loans")" 2026-12-01 "paid out on Makassar's day"
expect_eq "$(qz "$T/Makassar" "SELECT due_on FROM instalments WHERE seq = 1")" 2027-01-01 "first due date in WITA"
expect_has "$(qz "$T/Makassar" "SELECT text FROM outbox WHERE phone = '+6281300000001' ORDER BY id DESC LIMIT 1")" \
    "1 Jan 2027" "the member hears the WITA due date"

# KOPDES_NOW in local form is the cooperative's local time: 07:30 WITA.
coop "$T/Wita" "Asia/Makassar"
c="$KOPDES_BIN/kopdesctl -c $T/Wita/kopdes.conf"
KOPDES_NOW=2026-12-01T07:30 $c sim --from 081300000001 PINJAM 90rb 3 1234 >/dev/null || fail "apply at 07:30 WITA"
KOPDES_NOW=2026-12-01T07:30 $c loan approve P0001 >/dev/null || fail "approve at 07:30 WITA"
expect_eq "$(qz "$T/Wita" "SELECT due_on FROM instalments WHERE seq = 1")" 2027-01-01 "07:30 WITA approval"
expect_eq "$(qz "$T/Wita" "SELECT applied_at FROM loans")" "$(date -u -d 2026-11-30T23:30:00Z +%s)" "07:30 WITA is 23:30 UTC"

# The summary at 18:00 local: 10:05 UTC is 18:05 WITA but 17:05 WIB.
evening=$(date -u -d 2026-12-01T10:05:00Z +%s)
for z in Jakarta Makassar; do
	KOPDES_NOW=$evening "$KOPDESD" -f -v -c "$T/$z/kopdes.conf" >"$T/$z.log" 2>&1 &
	DAEMON_PID=$!
	i=0; until grep -q "reminders and summary looked at" "$T/$z.log"; do
		i=$((i + 1)); [ $i -gt 100 ] && fail "no first status from kopdesd in $z"
		kill -0 "$DAEMON_PID" 2>/dev/null || fail "kopdesd in $z exited"
		sleep 0.1
	done
	stop_daemon TERM
done
expect_eq "$(qz "$T/Makassar" "SELECT count(*) FROM outbox WHERE phone = '+6281100000003' AND text LIKE 'Ringkasan 1 Des 2026%'")" 1 \
    "summary sent at 18:05 WITA"
expect_eq "$(qz "$T/Jakarta" "SELECT count(*) FROM outbox WHERE text LIKE 'Ringkasan%'")" 0 \
    "no summary at 17:05 WIB"

# The database remembers its zone: another one in the config is refused
# by kopdesctl and by kopdesd, with the way out named.
sed -i 's|Asia/Makassar|Asia/Jakarta|' "$T/Makassar/kopdes.conf"
c="$KOPDES_BIN/kopdesctl -c $T/Makassar/kopdes.conf"
$c status >/dev/null 2>"$T/mm.err" && fail "kopdesctl dated a WITA database in WIB"
expect_has "$(cat "$T/mm.err")" "is dated in Asia/Makassar but" "kopdesctl names the mismatch"
expect_has "$(cat "$T/mm.err")" "kopdesctl init --timezone Asia/Jakarta" "and the way to change it"
"$KOPDESD" -f -c "$T/Makassar/kopdes.conf" >"$T/mm.log" 2>&1 && fail "kopdesd ran in the wrong zone"
expect_has "$(cat "$T/mm.log")" "is dated in Asia/Makassar but" "kopdesd names the mismatch"
# A config without a zone follows the database's.
sed -i '/^timezone/d' "$T/Makassar/kopdes.conf"
KOPDES_NOW=$moment $c loan list >/dev/null || fail "a config without timezone follows the database"
# A deliberate change, agreeing with the config.
$c init --timezone Asia/Tokyo >/dev/null 2>&1 && fail "init --timezone took an unknown zone"
$c init --timezone Asia/Jayapura | grep -q "zona waktu Asia/Jayapura" || fail "init --timezone"
expect_eq "$(qz "$T/Makassar" "SELECT value FROM settings WHERE key = 'timezone'")" Asia/Jayapura "zone changed on purpose"
echo "timezone: ok"
