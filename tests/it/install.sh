#!/bin/sh
# make install into a DESTDIR: the programs in sbin, the man pages, the
# systemd unit with the installed paths and its hardening, the sysusers
# file, and the sample config under /etc/kopdes, which a second install
# never overwrites.  systemd-analyze verifies the unit where it exists.
. tests/it/lib.sh

D="$T/root"
inst() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s --no-print-directory install \
	    DESTDIR="$D" PREFIX=/usr/local SANITIZE="${KOPDES_SANITIZE:-}" >"$T/install.out" 2>&1 ||
	    { cat "$T/install.out" >&2; fail "make install"; }
}
inst
for f in usr/local/sbin/kopdesd usr/local/sbin/kopdesctl; do
	[ -x "$D/$f" ] || fail "$f not installed as a program"
done
for f in usr/local/share/man/man8/kopdesd.8 usr/local/share/man/man8/kopdesctl.8 \
    usr/local/share/man/man5/kopdes.conf.5 usr/local/lib/systemd/system/kopdesd.service \
    usr/local/lib/sysusers.d/kopdes.conf etc/kopdes/kopdes.conf; do
	[ -f "$D/$f" ] || fail "$f not installed"
done
expect_eq "$(cd "$D" && find . -type f | sort | tr '\n' ' ')" \
    "./etc/kopdes/kopdes.conf ./usr/local/lib/systemd/system/kopdesd.service ./usr/local/lib/sysusers.d/kopdes.conf ./usr/local/sbin/kopdesctl ./usr/local/sbin/kopdesd ./usr/local/share/man/man5/kopdes.conf.5 ./usr/local/share/man/man8/kopdesctl.8 ./usr/local/share/man/man8/kopdesd.8 " \
    "the installed tree"

unit=$(cat "$D/usr/local/lib/systemd/system/kopdesd.service")
for line in "User=kopdes" "Group=kopdes" "SupplementaryGroups=dialout" \
    "ExecStart=/usr/local/sbin/kopdesd -f -c /etc/kopdes/kopdes.conf" "Restart=on-failure" \
    "StateDirectory=kopdes" "ProtectSystem=strict" "PrivateTmp=yes" "NoNewPrivileges=yes" \
    "ProtectHome=yes" "StandardError=journal"; do
	printf '%s\n' "$unit" | grep -qxF "$line" || fail "unit lacks $line"
done
grep -q "^u kopdes" "$D/usr/local/lib/sysusers.d/kopdes.conf" || fail "sysusers makes no kopdes user"
grep -q "^m kopdes dialout" "$D/usr/local/lib/sysusers.d/kopdes.conf" || fail "kopdes is not put in dialout"

# The installed config names the state directory and is read without error.
conf="$D/etc/kopdes/kopdes.conf"
grep -q '^database = "/var/lib/kopdes/kopdes.db";' "$conf" || fail "installed database path"
grep -q 'dir = "/var/lib/kopdes/backup"' "$conf" || fail "installed backup dir"
sed 's|/var/lib/kopdes|'"$T/state"'|' "$conf" > "$T/state.conf"
mkdir -p "$T/state/phone"
"$D/usr/local/sbin/kopdesctl" -c "$T/state.conf" init >/dev/null || fail "the installed config with the installed kopdesctl"

# A second install keeps the operator's config.
echo '# edited by the operator' >> "$conf"
inst
tail -1 "$conf" | grep -q "edited by the operator" || fail "make install overwrote the config"
[ -f "$D/etc/kopdes/kopdes.conf.sample" ] || fail "the new sample beside a kept config"

if command -v groff >/dev/null 2>&1; then
	for m in "$D"/usr/local/share/man/man*/*; do
		w=$(groff -mdoc -Tutf8 -ww -z "$m" 2>&1)
		[ -z "$w" ] || fail "$m: $w"
	done
fi
if command -v systemd-analyze >/dev/null 2>&1; then
	# The unit as installed, but with the program where this DESTDIR has it.
	sed "s|^ExecStart=/usr/local/sbin/|ExecStart=$D/usr/local/sbin/|" \
	    "$D/usr/local/lib/systemd/system/kopdesd.service" > "$T/kopdesd.service"
	MANPATH="$D/usr/local/share/man" systemd-analyze verify "$T/kopdesd.service" \
	    >"$T/verify.out" 2>&1 || fail "systemd-analyze verify: $(cat "$T/verify.out")"
else
	echo "install: systemd-analyze not found; unit not verified"
fi
echo "install: ok"
