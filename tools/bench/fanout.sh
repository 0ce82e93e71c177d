#!/usr/bin/env bash
# Shared upstreams (fan-out): N streams of one API at 1 event/s through a headless StreamDesk with
# gateway/sharedUpstreams on, from bench-client against bench-backend. Prints bench-client's result, the
# backend connections StreamDesk holds (ss) and StreamDesk's open descriptors, with sharing on and off.
# usage: tools/bench/fanout.sh [BIN_DIR] [STREAMS] [SECONDS] [WORKERS]   (BIN_DIR holds streamdesk, bench-backend,
# bench-client; WORKERS: gateway/workers, default one per core)
set -euo pipefail
bin=${1:-build/bin}
streams=${2:-9000}
seconds=${3:-20}
workers=${4:-}
harness_name=fanout.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/harness.sh"

"$bin/bench-backend" --port=0 --interval-ms=1000 >"$work/backend.out" 2>&1 &
pids+=($!)
backend=$(wait_line "$work/backend.out" 'listening on' | grep -oE 'http://[0-9.:]+')
backend_port=${backend##*:}

for sharing in on off; do
  rm -rf "$work/data"
  mkdir -p "$work/data"
  chmod 700 "$work/data"
  printf '[gateway]\n' >"$work/data/settings.ini"
  [[ -n $workers ]] && printf 'workers=%s\n' "$workers" >>"$work/data/settings.ini"
  [[ $sharing == on ]] && printf 'sharedUpstreams=/fanout/1\n' >>"$work/data/settings.ini"
  start_streamdesk "$bin/streamdesk"
  sd_pid=${pids[-1]}
  subscribed_api /fanout AsyncUnlimited
  "$bin/bench-client" --streams="$streams" --rate=1000 --seconds="$seconds" --hold \
    --header="Authorization: Bearer $token" "$gateway/fanout/1/stream" >"$work/client-$sharing.json" \
    2>"$work/client-$sharing.err" &
  client=$!
  for _ in $(seq 1 600); do grep -q 'bench-client: measured' "$work/client-$sharing.err" && break; sleep 0.5; done
  upstreams=$(ss -Htn state established "( dport = :$backend_port )" | wc -l)
  descriptors=$(ls /proc/"$sd_pid"/fd | wc -l)
  rss=$(awk '/VmRSS/ {print $2}' /proc/"$sd_pid"/status)
  kill "$client"
  wait "$client" || true
  echo "== sharing $sharing: $streams streams; backend connections $upstreams; StreamDesk descriptors $descriptors; VmRSS $rss KiB"
  jq -c '{streams_ok, errors, events_per_s, latency_ms, missing_seq, open_ms}' "$work/client-$sharing.json" 2>/dev/null ||
    cat "$work/client-$sharing.json"
  kill "$sd_pid"
  wait "$sd_pid" 2>/dev/null || true
done
