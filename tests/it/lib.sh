# Shared by the integration scripts: a temporary cooperative, a config for
# kopdesd on a dummy phone in it, and small assertions that say what was
# expected when they fail.  Sourced, not run (tests/run.sh runs *.sh only
# when they are not this file).

: "${KOPDES_BIN:?KOPDES_BIN must name the folder with kopdesd and kopdesctl}"
CTL="$KOPDES_BIN/kopdesctl"
KOPDESD="$KOPDES_BIN/kopdesd"
T=$(mktemp -d /tmp/kopdes-it-XXXXXX)
DAEMON_PID=""
export KOPDES_NOW="${KOPDES_NOW:-2026-11-23T09:00}"

cleanup() {
	[ -n "$DAEMON_PID" ] && kill -9 "$DAEMON_PID" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*" >&2
	[ -f "$T/kopdesd.log" ] && { echo "--- kopdesd.log (tail)" >&2; tail -20 "$T/kopdesd.log" >&2; }
	exit 1
}

# write_config [extra lines...]
write_config() {
	mkdir -p "$T/phone"
	cat > "$T/kopdes.conf" <<CONF
cooperative = "Koperasi Uji";
database = "$T/kopdes.db";
pin_key_file = "$T/kopdes.key";
modems = ( { name = "modem1"; model = "dummy"; connection = "none"; device = "$T/phone"; } );
poll_seconds = 1;
$*
CONF
}

ctl() { "$CTL" -c "$T/kopdes.conf" "$@"; }
q() { sqlite3 -batch -noheader "$T/kopdes.db" "$1"; }

# 0 too before the log exists: the daemon may not have opened it yet.
ready_count() { n=$(grep -c 'ready:' "$T/kopdesd.log" 2>/dev/null); echo "${n:-0}"; }

start_daemon() {
	before=$(ready_count)
	"$KOPDESD" -f -c "$T/kopdes.conf" >>"$T/kopdesd.log" 2>&1 &
	DAEMON_PID=$!
	i=0
	until [ "$(ready_count)" -gt "${before:-0}" ]; do
		i=$((i + 1)); [ $i -gt 200 ] && fail "kopdesd did not start"
		kill -0 "$DAEMON_PID" 2>/dev/null || fail "kopdesd exited at start"
		sleep 0.05
	done
}

stop_daemon() {
	sig=${1:-TERM}
	kill -"$sig" "$DAEMON_PID" 2>/dev/null
	wait "$DAEMON_PID" 2>/dev/null
	DAEMON_RC=$?
	DAEMON_PID=""
}

# wait_sql "SELECT ..." expected [seconds]
wait_sql() {
	limit=$(( ${3:-30} * 10 )); i=0
	while [ "$(q "$1")" != "$2" ]; do
		i=$((i + 1))
		[ $i -gt $limit ] && fail "waited for [$1] = $2, have $(q "$1")"
		sleep 0.1
	done
}

expect_eq() { [ "$1" = "$2" ] || fail "$3: expected [$2], got [$1]"; }
expect_has() { printf '%s' "$1" | grep -qF -- "$2" || fail "$3: [$1] does not contain [$2]"; }
