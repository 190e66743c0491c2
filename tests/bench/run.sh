#!/bin/sh
# make bench: the figures of SPEC §9 on this machine.  Figures, not a
# pass/fail test; each line says what it measured, and each rate is also
# given as a ratio to SQLite's own rates measured first, in the same run
# on the same disk, so figures from different machines compare.
set -e
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr), load $(cut -d' ' -f1 /proc/loadavg)"
for b in "$@"; do
	case "$b" in
	*/bench_reference)
		echo "== reference: SQLite on this disk (WAL, synchronous=FULL)"
		ref=$("$b" "${TMPDIR:-/tmp}")
		BENCH_COMMITS=$(echo "$ref" | awk '/commits_per_s/ { print $2 }')
		BENCH_ROWS=$(echo "$ref" | awk '/rows_per_s/ { print $2 }')
		export BENCH_COMMITS BENCH_ROWS
		echo "  durable single-row commits: $BENCH_COMMITS/s"
		echo "  single-row inserts in one transaction: $BENCH_ROWS/s"
		;;
	esac
done
for b in "$@"; do
	case "$b" in
	*/bench_pipeline)
		echo "== (a) pipeline (target: 20,000 SMS/s end to end, p99 under 5 ms)"
		"$b" 30000 50 ;;
	esac
done
echo "== (b) dummy-phone burst: kopdesd beside gammu-smsd"
sh tests/bench/burst.sh "${BENCH_BURST:-5000}" "${BENCH_SMSD_BURST:-1000}"
echo "== (c) memory and start-up with 100,000 members"
for b in "$@"; do
	case "$b" in
	*/bench_memory) sh tests/bench/memory.sh "$b" ;;
	esac
done
for b in "$@"; do
	case "$b" in
	*/bench_pipeline)
		echo "== (d) pipeline with 1,000,000 rows of history (target: within 10 % of (a))"
		"$b" 30000 50 1000000 ;;
	esac
done
echo "== (e) USSD hop latency over HTTP"
sh tests/bench/ussd.sh
echo "== (f) SMS round trips through a real Kannel"
sh tests/bench/kannel.sh "${BENCH_KANNEL:-2000}"
