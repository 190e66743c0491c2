# Shared by tests/it/kannel.sh and the benchmark: Kannel's bearerbox,
# smsbox and fake SMSC on free loopback ports with etc/kannel.conf (ports,
# paths and secrets changed), and kopdesd with no modem.  Sourced after
# tests/it/lib.sh; kannel_config writes both configs, kannel_start starts
# kopdesd and Kannel, fakesmsc MSG... plays the handsets.  The benchmark
# also runs a second Kannel of the same config in front of a stand-in
# endpoint (kannel_ports, kannel_conf, kannel_up, kannel_down).
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
	for f in "$T/smsbox.pid" "$T"/*/smsbox.pid; do
		[ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null
	done
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
HTTP=$((BASE + 4))
# kannel_ports OFFSET: the ports of the Kannel the functions below speak to.
kannel_ports() {
	ADMIN=$((BASE + $1)) BOX=$((BASE + $1 + 1)) SEND=$((BASE + $1 + 2)) FAKE=$((BASE + $1 + 3))
}
kannel_ports 0
# kannel_conf DIR ENDPOINT_PORT [REPLIES]: DIR/kannel.conf, its MO sent to
# ENDPOINT_PORT; REPLIES=1 lets smsbox send the endpoint's answer back.
kannel_conf() {
	sed -e "s/13000/$ADMIN/; s/13001/$BOX/; s/13013/$SEND/; s/port = 10000/port = $FAKE/" \
	    -e "s/13080/$2/; s|/var/log/kannel|$1|; s|/var/spool/kannel|$1|" \
	    -e "s/CHANGE-ME-SECRET/$SECRET/; s/CHANGE-ME-PASSWORD/sandi-uji/; s/CHANGE-ME-ADMIN/adm/" \
	    -e "s/http-queue-delay = 5/http-queue-delay = 1/" etc/kannel.conf > "$1/kannel.conf"
	[ "${3:-0}" = 1 ] && sed -i '/^group = sms-service/,$ s/^max-messages = 0/max-messages = 5/' "$1/kannel.conf"
	return 0
}
kannel_config() {
	kannel_conf "$T" "$HTTP"
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

# kannel_up DIR: bearerbox, then smsbox (it exits when bearerbox's box
# port is not open yet), with DIR/kannel.conf.
kannel_up() {
	(cd "$1" && exec "$BEARERBOX" -v 4 kannel.conf > bearerbox.out 2>&1) & KPIDS="$KPIDS $!"
	until_true 20 "bearerbox" sh -c "\"$SUB\" req 'http://127.0.0.1:$ADMIN/status.txt?password=adm' --method GET 2>/dev/null | head -1 | grep -q 200"
	(cd "$1" && exec "$SMSBOX" -v 4 -p "$1/smsbox.pid" kannel.conf > smsbox.out 2>&1) & KPIDS="$KPIDS $!"
	until_true 20 "smsbox on bearerbox" smsbox_up
}
kannel_start() {
	start_daemon
	kannel_up "$T"
}
# kannel_down DIR: the handsets, smsbox, then bearerbox (smsbox restarts
# itself when bearerbox goes first), gone before it returns.
kannel_down() {
	[ -n "$FSPID" ] && { kill "$FSPID" 2>/dev/null; wait "$FSPID" 2>/dev/null; }
	FSPID=""
	sb=$(cat "$1/smsbox.pid" 2>/dev/null)
	[ -n "$sb" ] && kill "$sb" 2>/dev/null
	until_true 20 "smsbox to stop" sh -c "! kill -0 ${sb:-0} 2>/dev/null"
	rm -f "$1/smsbox.pid"
	for p in $KPIDS; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	KPIDS=""
}

# fakesmsc MSG...: starts the fake handsets (they stay to receive).
fakesmsc() {
	[ -n "$FSPID" ] && { kill "$FSPID" 2>/dev/null; wait "$FSPID" 2>/dev/null; }
	: > "$T/fakesmsc.out"
	"$FAKESMSC" -H 127.0.0.1 -r "$FAKE" -i "${FS_INTERVAL:-0.1}" -m "${FS_COUNT:-1}" "$@" \
	    >> "$T/fakesmsc.out" 2>&1 & FSPID=$!
}
got() { grep -a 'Got message' "$T/fakesmsc.out"; }

