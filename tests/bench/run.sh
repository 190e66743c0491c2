#!/bin/sh
# make bench: the figures of SPEC §9 on this machine.  Figures, not a
# pass/fail test; each line says what it measured.
set -e
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
for b in "$@"; do
	case "$b" in
	*/bench_pipeline) echo "== (a) pipeline"; "$b" 30000 50 ;;
	esac
done
echo "== (b) dummy-phone burst: kopdesd beside gammu-smsd"
sh tests/bench/burst.sh "${BENCH_BURST:-5000}"
echo "== (c) memory and start-up with 100,000 members"
for b in "$@"; do
	case "$b" in
	*/bench_memory) sh tests/bench/memory.sh "$b" ;;
	esac
done
echo "== (d) USSD hop latency over HTTP"
sh tests/bench/ussd.sh
echo "== (e) SMS round trips through a real Kannel"
sh tests/bench/kannel.sh "${BENCH_KANNEL:-2000}"
