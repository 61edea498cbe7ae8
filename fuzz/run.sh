#!/bin/sh
# Runs libFuzzer targets built by the Makefile (build/fuzz/fuzz_<parser>).
#
#   fuzz/run.sh check TARGET   replay fuzz/corpus/<parser> and
#                              fuzz/regressions/<parser>, then fuzz for
#                              FUZZ_CHECK_SECONDS (default 8); exit 1 on any
#                              crash, leak, hang or broken promise
#   fuzz/run.sh long TARGET... fuzz each for FUZZ_SECONDS (default 300),
#                              growing build/fuzz/long/<parser>; a crashing
#                              input is written to fuzz/regressions/<parser>/
#
# In check mode nothing in the source tree is written: new inputs and
# crashing ones go under build/fuzz/work/<parser>.
set -u
cd "$(dirname "$0")/.."

mode=${1:-}
shift || true

# Options for every run: a hang is an input that takes over 10 s; a memory
# hog one that takes over 2 GiB.
COMMON="-timeout=10 -rss_limit_mb=2048 -print_final_stats=1"

# The seed and regression inputs of a parser (files only: READMEs and
# SOURCES.md beside them are not inputs).
inputs() {
	for d in "fuzz/corpus/$1" "fuzz/regressions/$1"; do
		[ -d "$d" ] || continue
		find "$d" -type f ! -name '*.md' | sort
	done
}

case "$mode" in
check)
	t=$1
	name=${t##*/fuzz_}
	work="build/fuzz/work/$name"
	rm -rf "$work"
	mkdir -p "$work/corpus"
	files=$(inputs "$name")
	if [ -n "$files" ]; then
		echo "fuzz: replaying $(echo "$files" | wc -l) inputs through $t"
		# shellcheck disable=SC2086
		if ! "$t" $COMMON $files > "$work/replay.log" 2>&1; then
			tail -n 40 "$work/replay.log"
			echo "fuzz: $t fails on a kept input (log: $work/replay.log)"
			exit 1
		fi
	fi
	seconds=${FUZZ_CHECK_SECONDS:-8}
	echo "fuzz: fuzzing with $t for $seconds s"
	seeds=""
	for d in "fuzz/corpus/$name" "fuzz/regressions/$name"; do
		[ -d "$d" ] && seeds="$seeds $d"
	done
	# shellcheck disable=SC2086
	if ! "$t" $COMMON -max_total_time="$seconds" -artifact_prefix="$work/" \
		"$work/corpus" $seeds > "$work/fuzz.log" 2>&1; then
		tail -n 40 "$work/fuzz.log"
		echo "fuzz: $t found a failing input, kept in $work/ (log: $work/fuzz.log)."
		echo "fuzz: fix it, then move the input to fuzz/regressions/$name/."
		exit 1
	fi
	grep -E '^stat::number_of_executed_units' "$work/fuzz.log" | sed 's/^/fuzz: /'
	exit 0
	;;
long)
	seconds=${FUZZ_SECONDS:-300}
	status=0
	for t in "$@"; do
		name=${t##*/fuzz_}
		corpus="build/fuzz/long/$name"
		mkdir -p "$corpus" "fuzz/regressions/$name"
		seeds=""
		for d in "fuzz/corpus/$name" "fuzz/regressions/$name"; do
			[ -d "$d" ] && seeds="$seeds $d"
		done
		echo "== $t for $seconds s (corpus $corpus)"
		# shellcheck disable=SC2086
		if ! "$t" $COMMON -max_total_time="$seconds" \
			-artifact_prefix="fuzz/regressions/$name/" "$corpus" $seeds \
			> "build/fuzz/long-$name.log" 2>&1; then
			status=1
			tail -n 40 "build/fuzz/long-$name.log"
			echo "fuzz: $t failed; the input is in fuzz/regressions/$name/"
		else
			grep -E '^stat::(number_of_executed_units|peak_rss_mb)|DONE' \
				"build/fuzz/long-$name.log" | sed 's/^/  /'
		fi
	done
	exit $status
	;;
*)
	echo "usage: fuzz/run.sh check TARGET | long TARGET..." >&2
	exit 2
	;;
esac
