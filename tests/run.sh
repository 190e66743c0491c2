#!/bin/sh
# Runs every unit test binary given, then every integration script in
# tests/it/, and closes with one "N passed, N failed" line.  Exit 1 on any
# failure so `make test` fails loudly.
passed=0; failed=0; failures=""
for t in "$@"; do
	echo "== $t"
	if "$t"; then passed=$((passed + 1)); else failed=$((failed + 1)); failures="$failures $t"; fi
done
for t in tests/it/*.sh; do
	case "$t" in */lib.sh) continue ;; esac
	[ -f "$t" ] || continue
	echo "== $t"
	if sh "$t"; then passed=$((passed + 1)); else failed=$((failed + 1)); failures="$failures $t"; fi
done
[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
