#!/usr/bin/env bash
# Installs what is missing, builds everything (a compiler warning fails the build), and runs every test; then proves the
# Quick start on a bare Debian 12 root (tools/fresh-root-check.sh); then builds without the GUI under
# AddressSanitizer/UndefinedBehaviorSanitizer and runs those tests too; then runs each fuzzer for 30 s (tools/fuzz.sh).
# STREAMDESK_SKIP_FRESH_ROOT=1, STREAMDESK_SKIP_SANITIZERS=1 and STREAMDESK_SKIP_FUZZ=1 skip a stage for quick local
# runs; CI skips none.
set -euo pipefail
cd "$(dirname "$0")"
if [[ "${CI:-}" == true ]]; then
  unset STREAMDESK_SKIP_FRESH_ROOT STREAMDESK_SKIP_SANITIZERS STREAMDESK_SKIP_FUZZ
fi
./tools/install-deps.sh --fresh-root --fuzz

# Formatting is part of the build's hygiene: every C++ file as .clang-format says.
unformatted=$(git ls-files '*.cpp' '*.h' 2>/dev/null | xargs -r clang-format --dry-run -Werror 2>&1 | grep -oE '^[^:]+\.(cpp|h)' | sort -u || true)
if [[ -n "$unformatted" ]]; then
  echo "test.sh: clang-format would change: $unformatted (run clang-format -i on them)" >&2
  exit 1
fi

jobs=$(nproc)
source tools/lib/test-build.sh
build_test_configuration
ctest --test-dir build -j "$jobs" --output-on-failure --timeout 600

if [[ "${STREAMDESK_SKIP_FRESH_ROOT:-0}" != 1 ]]; then
  if [[ $(id -u) -eq 0 ]]; then
    ./tools/fresh-root-check.sh
  else
    sudo ./tools/fresh-root-check.sh
  fi
fi

if [[ "${STREAMDESK_SKIP_SANITIZERS:-0}" != 1 ]]; then
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSTREAMDESK_WERROR=ON \
    -DSTREAMDESK_SANITIZE=ON -DSTREAMDESK_BUILD_GUI=OFF >/dev/null
  cmake --build build-asan -j "$jobs"
  ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    ctest --test-dir build-asan -j "$jobs" --output-on-failure --timeout 900
fi

if [[ "${STREAMDESK_SKIP_FUZZ:-0}" != 1 ]]; then
  ./tools/fuzz.sh --seconds 30
fi
