#!/bin/sh
# SMS round trips through a real Kannel: fakesmsc -> bearerbox -> smsbox ->
# kopdesd (GET /kannel/mo, committed, handled) -> sendsms -> fakesmsc, for
# a burst of N price questions.  A figure, not a pass/fail test.
N=${1:-2000}
. tests/it/lib.sh
. tests/support/kannel_stack.sh
kannel_config
sed -i 's/^rate_limit = .*/rate_limit = { messages = 100000; per_seconds = 600; };/' "$T/kopdes.conf"
echo 'log = { level = "warning"; };' >> "$T/kopdes.conf"
ctl init >/dev/null || fail "init"
ctl price set "Beras Medium" 12.500 --unit kg >/dev/null
# start_daemon waits for the ready line, logged at info.
sed -i 's/^log = .*//' "$T/kopdes.conf"
kannel_start
now_ms() { date +%s%3N; }
t0=$(now_ms)
FS_INTERVAL=0 FS_COUNT=$N fakesmsc "+6285700000100 1234 text HARGA BERAS" \
    "+6285700000101 1234 text HARGA BERAS" "+6285700000102 1234 text HARGA BERAS"
until_true 600 "$N replies" fakesmsc_got "$N"
t1=$(now_ms)
ms=$((t1 - t0))
echo "  kopdesd behind Kannel: $N SMS in and answered in $ms ms ($((N * 1000 / (ms + 1))) round trips/s)"
stop_daemon
