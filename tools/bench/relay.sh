#!/usr/bin/env bash
# Measures the gateway's relay: N concurrent streams of sse-server events, first straight from the backend,
# then through a headless StreamDesk (JWT auth, subscription check, metering on AsyncUnlimited, relay).
# Prints what sse-bench reports for each: streams opened, events per second, delay from "ts" to arrival.
# usage: tools/bench/relay.sh [BIN_DIR] [CLIENTS] [SECONDS] [INTERVAL_MS]
set -euo pipefail
bin=${1:-build/bin}
clients=${2:-1000}
seconds=${3:-10}
interval=${4:-100}
harness_name=relay.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/harness.sh"

# Streams outlive the run: opening them all and measuring must finish before the backend ends them.
start_sse_server "$bin/sse-server" --time=$(( (seconds + 60) * 1000 )) --interval="$interval"
start_streamdesk "$bin/streamdesk"
subscribed_api /observer AsyncUnlimited

echo "== $clients streams straight from sse-server (interval $interval ms), $seconds s"
"$bin/sse-bench" --clients "$clients" --duration "$seconds" "$backend/memory"
echo "== $clients streams through the StreamDesk gateway, $seconds s"
"$bin/sse-bench" --clients "$clients" --duration "$seconds" --header "Authorization: Bearer $token" \
  "$gateway/observer/1/memory"
