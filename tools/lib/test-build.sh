# The test configuration, shared by test.sh and tools/lib/fresh-root-steps.sh; sourced, not run.
# build_test_configuration: configures and builds every target in build/ and fails on any compiler warning.
# Warnings are read from the build's output instead of being made errors with -Werror, so that this build and
# ./run.sh's share one configuration, one build folder and ccache's results (a cached compile replays its warnings).
build_test_configuration() {
  local log
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSTREAMDESK_WERROR=OFF >/dev/null
  log=$(mktemp)
  if ! cmake --build build -j "$(nproc)" 2>&1 | tee "$log"; then
    rm -f "$log"
    return 1
  fi
  if grep -E '(^|[^a-z])warning:' "$log" >&2; then
    echo "build: the compiler warned (above); warnings fail the test build" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
}
