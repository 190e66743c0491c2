# Shared by tests/it/kannel.sh and the benchmark: Kannel's bearerbox,
# smsbox and fake SMSC on free loopback ports with etc/kannel.conf (ports,
# paths and secrets changed), and kopdesd with no modem.  Sourced after
# tests/it/lib.sh; kannel_config writes both configs, kannel_start starts
# kopdesd and Kannel, fakesmsc MSG... plays the handsets.
BEARERBOX=/usr/sbin/bearerbox SMSBOX=/usr/sbin/smsbox FAKESMSC=/usr/lib/kannel/test/fakesmsc
for b in "$BEARERBOX" "$SMSBOX" "$FAKESMSC"; do
	[ -x "$b" ] || fail "missing $b (Debian packages kannel, kannel-extras)"
done
SUB="$KOPDES_TOOLS/ussdsub"
SECRET=rahasia-kannel-91c2
KPIDS=""
FSPID=""
kannel_cleanup() {
	[ -n "$FSPID" ] && kill "$FSPID" 2>/dev/null
	[ -f "$T/smsbox.pid" ] && kill "$(cat "$T/smsbox.pid")" 2>/dev/null
	for p in $KPIDS; do kill "$p" 2>/dev/null; done
	i=0
	while [ $i -lt 50 ] && for p in $KPIDS; do kill -0 "$p" 2>/dev/null && break; done; do
		i=$((i + 1)); sleep 0.05
	done
	for p in $KPIDS; do kill -9 "$p" 2>/dev/null; done
	cleanup
}
trap kannel_cleanup EXIT

# Below the ephemeral range (32768 up), where our own outgoing
# connections could hold the port we want to listen on.
BASE=$((20000 + $(od -An -N2 -tu2 /dev/urandom) % 12000))
ADMIN=$BASE BOX=$((BASE + 1)) SEND=$((BASE + 2)) FAKE=$((BASE + 3)) HTTP=$((BASE + 4))
kannel_config() {
	sed -e "s/13000/$ADMIN/; s/13001/$BOX/; s/13013/$SEND/; s/port = 10000/port = $FAKE/" \
	    -e "s/13080/$HTTP/; s|/var/log/kannel|$T|; s|/var/spool/kannel|$T|" \
	    -e "s/CHANGE-ME-SECRET/$SECRET/; s/CHANGE-ME-PASSWORD/sandi-uji/; s/CHANGE-ME-ADMIN/adm/" \
	    -e "s/http-queue-delay = 5/http-queue-delay = 1/" etc/kannel.conf > "$T/kannel.conf"

	write_config
	sed -i 's/^modems = .*/modems = ( );/' "$T/kopdes.conf"
	cat >> "$T/kopdes.conf" <<CONF
http = { listen = "127.0.0.1"; port = $HTTP; secret = "$SECRET"; };
kannel = { sendsms_url = "http://127.0.0.1:$SEND/cgi-bin/sendsms"; username = "kopdes";
           password = "sandi-uji"; from = "1234"; dlr_url = "http://127.0.0.1:$HTTP/kannel/dlr"; };
rate_limit = { messages = 1000; per_seconds = 600; };
CONF
}

status_page() { "$SUB" req "http://127.0.0.1:$ADMIN/status.txt?password=adm" --method GET 2>/dev/null; }
until_true() {	# until_true SECONDS WHAT CMD...: polls CMD every 0.05 s
	limit=$(($1 * 20)); what=$2; shift 2; i=0
	until "$@"; do
		i=$((i + 1)); [ $i -gt $limit ] && fail "waited for $what"
		sleep 0.05
	done
}
smsbox_up() { status_page | grep -q '^    smsbox'; }
fakesmsc_got() { [ "$(grep -ac 'Got message' "$T/fakesmsc.out" 2>/dev/null || true)" -ge "$1" ]; }

kannel_start() {
	start_daemon
	(cd "$T" && exec "$BEARERBOX" -v 4 kannel.conf > bearerbox.out 2>&1) & KPIDS="$KPIDS $!"
	until_true 20 "bearerbox" sh -c "\"$SUB\" req 'http://127.0.0.1:$ADMIN/status.txt?password=adm' --method GET 2>/dev/null | head -1 | grep -q 200"
	(cd "$T" && exec "$SMSBOX" -v 4 -p "$T/smsbox.pid" kannel.conf > smsbox.out 2>&1) & KPIDS="$KPIDS $!"
	until_true 20 "smsbox on bearerbox" smsbox_up
}

# fakesmsc MSG...: starts the fake handsets (they stay to receive).
fakesmsc() {
	[ -n "$FSPID" ] && { kill "$FSPID" 2>/dev/null; wait "$FSPID" 2>/dev/null; }
	: > "$T/fakesmsc.out"
	"$FAKESMSC" -H 127.0.0.1 -r "$FAKE" -i "${FS_INTERVAL:-0.1}" -m "${FS_COUNT:-1}" "$@" \
	    >> "$T/fakesmsc.out" 2>&1 & FSPID=$!
}
got() { grep -a 'Got message' "$T/fakesmsc.out"; }

