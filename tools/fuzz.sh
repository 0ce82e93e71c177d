#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz in build-fuzz (clang, AddressSanitizer and UndefinedBehaviorSanitizer,
# GUI off) and runs each for N seconds on a copy of its seed corpus (tests/fuzz/corpus/<name>), one after the
# other. Prints each fuzzer's executions and coverage; any finding (crash, sanitizer report, failed invariant,
# slow input, memory blow-up) is printed, its input kept in build-fuzz/findings/, and the script fails.
# Usage: tools/fuzz.sh [--seconds N] [fuzzer name...]   (names as in tests/fuzz/corpus, e.g. sseparser)
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=30
names=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --seconds) seconds=${2:?--seconds needs a number}; shift 2 ;;
    --seconds=*) seconds=${1#*=}; shift ;;
    -*) echo "usage: tools/fuzz.sh [--seconds N] [fuzzer name...]" >&2; exit 2 ;;
    *) names+=("$1"); shift ;;
  esac
done
[[ $seconds =~ ^[0-9]+$ ]] || { echo "fuzz.sh: --seconds takes a whole number" >&2; exit 2; }
if [[ ${#names[@]} -eq 0 ]]; then
  for dir in tests/fuzz/corpus/*/; do names+=("$(basename "$dir")"); done
fi

./tools/install-deps.sh --fuzz

# -O1 keeps the fuzzers fast; a Debug build keeps Q_ASSERT on.
cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug \
  "-DCMAKE_CXX_FLAGS_DEBUG=-g -O1" -DSTREAMDESK_WERROR=ON -DSTREAMDESK_BUILD_GUI=OFF -DSTREAMDESK_FUZZ=ON >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target fuzzers

findings=$PWD/build-fuzz/findings
mkdir -p "$findings"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=()
for name in "${names[@]}"; do
  fuzzer=build-fuzz/fuzz/fuzz_$name
  [[ -x $fuzzer ]] || { echo "fuzz.sh: no fuzzer $fuzzer" >&2; exit 2; }
  mkdir -p "$work/$name"
  cp tests/fuzz/corpus/"$name"/* "$work/$name/"
  seeds=$(ls "$work/$name" | wc -l)
  log=$work/$name.log
  status=clean
  if ! ASAN_OPTIONS=abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    "$fuzzer" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$findings/$name-" "$work/$name" >"$log" 2>&1; then
    status=FINDING
    failed+=("$name")
    grep -v -E '^#[0-9]+' "$log" | tail -60 >&2
  fi
  executions=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo '?')
  coverage=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1 || true)
  printf 'fuzz_%-14s %-7s %10s executions in %s s  %s  corpus %s -> %s\n' "$name" "$status" "$executions" \
    "$seconds" "${coverage:-cov: ?}" "$seeds" "$(ls "$work/$name" | wc -l)"
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzz.sh: findings in ${failed[*]}; inputs in $findings (docs/FUZZING.md: how to add a finding)" >&2
  exit 1
fi
