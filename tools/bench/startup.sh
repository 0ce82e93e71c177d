#!/usr/bin/env bash
# Measures how long `streamdesk --headless` takes, with an empty data directory, from exec to the
# "StreamDesk ready" line (all ports listening), and that it stops on SIGTERM. Prints each run and the median.
# usage: tools/bench/startup.sh [STREAMDESK] [RUNS]
set -euo pipefail
streamdesk=${1:-build/bin/streamdesk}
runs=${2:-20}
times=()
for _ in $(seq 1 "$runs"); do
  dir=$(mktemp -d)
  start=$(date +%s%N)
  coproc SD { exec "$streamdesk" --headless --data-dir "$dir/data" --gateway-port 0 --gateway-tls-port 0 \
    --management-port 0 --no-sample-backend 2>/dev/null; }
  while read -r line <&"${SD[0]}"; do
    [[ $line == "StreamDesk ready"* ]] && break
  done
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  kill -TERM "$SD_PID"
  wait "$SD_PID"
  rm -rf "$dir"
  times+=("$ms")
  echo "run: ${ms} ms"
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "median: ${sorted[$(( runs / 2 ))]} ms, min: ${sorted[0]} ms, max: ${sorted[$(( runs - 1 ))]} ms over $runs runs"
