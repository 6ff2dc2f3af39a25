#!/bin/sh
# Runs each libFuzzer target for FUZZ_SECONDS on a copy of its seed
# corpus (make fuzz).  Any crash, leak, sanitizer report or timeout fails
# the run: the fuzzer's exit status is kept (never lost in a pipe), its
# report is printed, and the reproducer stays in build-fuzz/ and is
# printed in hex, so that a CI log is enough to replay it:
#   xxd -r REPRODUCER.hex > crash; build-fuzz/fuzz_NAME crash
# Usage: tests/fuzz/run.sh SECONDS TARGET...
set -u
seconds=$1
shift
failed=""
for t in "$@"; do
	c=tests/fuzz/corpus/${t#fuzz_}
	w=build-fuzz/corpus-${t#fuzz_}
	log=build-fuzz/$t.log
	mkdir -p "$w"
	cp "$c"/* "$w"/
	rm -f build-fuzz/"$t"-crash-* build-fuzz/"$t"-leak-* \
		build-fuzz/"$t"-timeout-* build-fuzz/"$t"-oom-*
	echo "== $t ($seconds s)"
	# -timeout: one input running 10 s is a hang, a failure like a crash
	build-fuzz/"$t" -max_total_time="$seconds" -max_len=4096 -timeout=10 \
		-artifact_prefix=build-fuzz/"$t"- -print_final_stats=1 \
		"$w" "$c" > "$log" 2>&1
	rc=$?
	grep -E 'stat::number_of_executed_units|cov:.*ft:' "$log" | tail -2
	if [ "$rc" != 0 ]; then
		echo "FAILED: $t exited $rc"
		grep -E -A 30 'ERROR|==[0-9]+==|runtime error|SUMMARY' "$log" | head -60
		for a in build-fuzz/"$t"-crash-* build-fuzz/"$t"-leak-* \
			build-fuzz/"$t"-timeout-* build-fuzz/"$t"-oom-*; do
			[ -e "$a" ] || continue
			echo "reproducer: $a ($(wc -c < "$a") bytes), hex:"
			xxd "$a" | head -64
		done
		failed="$failed $t"
	fi
done
if [ -n "$failed" ]; then
	echo "make fuzz: failed:$failed"
	exit 1
fi
echo "make fuzz: $# targets, no crash, leak or timeout"
