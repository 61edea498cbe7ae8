#!/bin/sh
# Runs every test program and ends with one summary line, "N passed, N failed".
#
# Unit tests (cmocka) run twice: built normally and built with AddressSanitizer
# and UndefinedBehaviorSanitizer. HTTP tests start the real ./hamahang (and
# then build/hamahang-san) on a free port of 127.0.0.1 with a temporary
# database, so the whole server is also exercised under the sanitizers.
set -u
cd "$(dirname "$0")/.."

passed=0
failed=0
failed_names=""

# Reads cmocka's "[  PASSED  ] N test(s)." and "[  FAILED  ] N test(s)" lines.
count() {
	name=$1
	log=$2
	status=$3
	# a program may run several groups: add up every summary line
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s += $1} END {print s + 0}')
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s += $1} END {print s + 0}')
	if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
		# crashed or died before cmocka could report: count the program as one failure
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" -ne 0 ]; then
		failed_names="$failed_names $name"
		echo "---- $name (exit $status) ----"
		tail -n 40 "$log"
	fi
}

mkdir -p build/logs

echo "== layer walls"
if ./tests/codecheck.sh > build/logs/codecheck.log 2>&1; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
	failed_names="$failed_names codecheck"
	cat build/logs/codecheck.log
fi

echo "== translation catalogs"
if ./tests/i18n-catalogs.sh > build/logs/i18n-catalogs.log 2>&1; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
	failed_names="$failed_names i18n-catalogs"
	cat build/logs/i18n-catalogs.log
fi

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

for t in build/tests/test_* build/tests-san/test_*; do
	[ -x "$t" ] || continue
	case "$t" in
	*/test_http_*) continue ;;
	esac
	echo "== $t"
	log="build/logs/$(echo "$t" | tr / _).log"
	"$t" > "$log" 2>&1
	count "$t" "$log" $?
	grep -E '^\[  (PASSED|FAILED)  \]' "$log" || true
done

for bin in ./hamahang build/hamahang-san; do
	for t in build/tests/test_http_*; do
		[ -x "$t" ] || continue
		echo "== $t against $bin"
		log="build/logs/$(echo "$t$bin" | tr /. __).log"
		HAMAHANG_BIN="$bin" "$t" > "$log" 2>&1
		count "$t($bin)" "$log" $?
		grep -E '^\[  (PASSED|FAILED)  \]' "$log" || true
	done
done

# Tests written in Python (Debian's python3 and its packages), against the
# real binary: each prints cmocka's summary lines.
for bin in ./hamahang build/hamahang-san; do
	for t in tests/api/test_*.py; do
		[ -f "$t" ] || continue
		echo "== $t against $bin"
		log="build/logs/$(echo "$t$bin" | tr /. __).log"
		HAMAHANG_BIN="$bin" /usr/bin/python3 "$t" > "$log" 2>&1
		count "$t($bin)" "$log" $?
		grep -E '^\[  (PASSED|FAILED)  \]' "$log" || true
	done
done

# Browser tests: Debian's chromium driven by playwright-core (npm), against
# the real ./hamahang; screenshots in build/artifacts/. They need node and
# the npm packages that scripts/install-deps.sh installs.
for t in tests/browser/test_*.mjs; do
	[ -f "$t" ] || continue
	echo "== $t"
	log="build/logs/$(echo "$t" | tr /. __).log"
	HAMAHANG_BIN=./hamahang node "$t" > "$log" 2>&1
	count "$t" "$log" $?
	grep -E '^\[  (PASSED|FAILED)  \] [0-9]' "$log" || true
done

# Fuzz targets (fuzz/README.md): each replays its kept inputs and fuzzes
# for FUZZ_CHECK_SECONDS (8 s); one pass or failure per target.
for t in build/fuzz/fuzz_*; do
	[ -f "$t" ] && [ -x "$t" ] || continue
	echo "== $t"
	if ./fuzz/run.sh check "$t"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		failed_names="$failed_names $t"
	fi
done

[ -n "$failed_names" ] && echo "failed:$failed_names"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
