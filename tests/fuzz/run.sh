#!/bin/sh
# Runs each libFuzzer harness in DIR for SECONDS, starting from the seed
# corpus and every crash kept in the tree.  What the fuzzer learns goes to
# build/fuzz/corpus/, a finding to build/fuzz/findings/; neither is
# written into the tree.  Exit 1 when a harness found something.
dir=$1; seconds=${2:-60}
out=build/fuzz
failed=""
for bin in "$dir"/fuzz_*; do
	name=${bin##*/fuzz_}
	mkdir -p "$out/corpus/$name" "$out/findings"
	dict=""
	[ -f "tests/fuzz/$name.dict" ] && dict="-dict=tests/fuzz/$name.dict"
	echo "== fuzzing $name for ${seconds}s"
	if ! "$bin" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
	    -artifact_prefix="$out/findings/$name-" $dict \
	    "$out/corpus/$name" "tests/fuzz/corpus/$name" "tests/fuzz/crashes/$name"; then
		failed="$failed $name"
	fi
done
if [ -n "$failed" ]; then
	echo "findings in:$failed (inputs in $out/findings/; once fixed, keep each in tests/fuzz/crashes/NAME/)"
	exit 1
fi
echo "fuzzing found nothing"
