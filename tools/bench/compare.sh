#!/usr/bin/env bash
# Runs SSE workloads straight from bench-backend ("direct") and through StreamDesk (HTTP, HTTPS for one row,
# AsyncGold for the limited-plan row), nginx and HAProxy, all on loopback, and measures each with bench-client:
# streams held, errors, events/s, latency p50/p99/max (from a timestamp in each event), missing ticks, the
# proxy's CPU seconds and RSS per stream, and the time to open all streams. Every system runs fresh for each
# row, as a child of this script on free ports with its own temporary configuration.
# Writes OUT/rows/WORKLOAD-SYSTEM.json, OUT/results.json, OUT/results.md (ratios against nginx) and, with
# python3-matplotlib, OUT/results.png (OUT defaults to /tmp/streamdesk-bench/DATE); logs go to OUT/logs.
# Needs `tools/install-deps.sh --bench`. One command runs everything (about 12 minutes):
#   tools/bench/compare.sh --workload all --bin build/bin
# usage: compare.sh [--workload NAME[,NAME...]|all] [--out DIR] [--bin DIR] [--streamdesk PATH]
#                   [--streamdesk-args 'ARGS'] [--streamdesk-commit TEXT] [--systems LIST] [--streams N]
#                   [--seconds S] [--rate PER_S]
# Workloads: 5000x10 (5,000 streams x 10 events/s, 20 s), 9000x1 (25 s), 2000x100 (15 s), gold5000x1
# (5,000 x 1/s, 20 s, adds StreamDesk on AsyncGold), idle (9,000 streams without events: memory per stream).
# STREAMDESK and STREAMDESK_ARGS in the environment stand for --streamdesk and --streamdesk-args.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
command_line="tools/bench/compare.sh $*"

workloads=all
out=""
bin=build/bin
streamdesk=${STREAMDESK:-}
streamdesk_args=${STREAMDESK_ARGS:-}
streamdesk_commit=""
systems_filter=""
streams_override=""
seconds_override=""
rate=1000
usage() { sed -n '/^# usage:/,/^# STREAMDESK/p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --workload) workloads=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --bin) bin=$2; shift 2 ;;
    --streamdesk) streamdesk=$2; shift 2 ;;
    --streamdesk-args) streamdesk_args=$2; shift 2 ;;
    --streamdesk-commit) streamdesk_commit=$2; shift 2 ;;
    --systems) systems_filter=$2; shift 2 ;;
    --streams) streams_override=$2; shift 2 ;;
    --seconds) seconds_override=$2; shift 2 ;;
    --rate) rate=$2; shift 2 ;;
    *) usage ;;
  esac
done
[[ $workloads == all ]] && workloads=5000x10,9000x1,2000x100,gold5000x1,idle
streamdesk=${streamdesk:-$bin/streamdesk}
out=${out:-${TMPDIR:-/tmp}/streamdesk-bench/$(date -u +%Y%m%dT%H%M%SZ)}
streamdesk_commit=${streamdesk_commit:-$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)}
for tool in "$bin/bench-backend" "$bin/bench-client" "$streamdesk"; do
  [[ -x $tool ]] || { echo "compare.sh: $tool is missing: build it (cmake --build BUILD --target bench-backend bench-client streamdesk)" >&2; exit 1; }
done
for tool in nginx haproxy jq curl sqlite3 /usr/bin/python3; do
  command -v "$tool" >/dev/null || { echo "compare.sh: $tool is missing: run tools/install-deps.sh --bench" >&2; exit 1; }
done

harness_name=compare.sh
source "$here/../lib/harness.sh"
# Interrupted, nginx's master stops its workers first; the harness's cleanup then ends the rest.
trap '[[ -n ${proxy_pid:-} ]] && stop "$proxy_pid" 5; exit 130' INT TERM
mkdir -p "$out/rows" "$out/logs"
out=$(cd "$out" && pwd)
clk_tck=$(getconf CLK_TCK)
gold_quota=50000 # AsyncGold: events per subscription and day (shared/docs/REFERENCE.md, section 3)

# workload NAME: sets streams, interval_ms, seconds and systems.
workload() {
  case $1 in
    5000x10) streams=5000 interval_ms=100 seconds=20 systems="direct nginx haproxy streamdesk streamdesk-https" ;;
    9000x1) streams=9000 interval_ms=1000 seconds=25 systems="direct nginx haproxy streamdesk" ;;
    2000x100) streams=2000 interval_ms=10 seconds=15 systems="direct nginx haproxy streamdesk" ;;
    gold5000x1) streams=5000 interval_ms=1000 seconds=20 systems="direct nginx haproxy streamdesk streamdesk-gold" ;;
    idle) streams=9000 interval_ms=0 seconds=5 systems="direct nginx haproxy streamdesk" ;;
    *) echo "compare.sh: unknown workload '$1'" >&2; usage ;;
  esac
  streams=${streams_override:-$streams}
  seconds=${seconds_override:-$seconds}
}

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# wait_port PORT PID: until something accepts on PORT (or PID has died).
wait_port() {
  for _ in $(seq 1 200); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || fail "process $2 exited before listening on $1"
    sleep 0.05
  done
  fail "nothing listens on port $1"
}

# wait_for FILE PATTERN SECONDS PID: until a line matches (fails when PID exits first or time runs out).
wait_for() {
  local deadline=$((SECONDS + $3))
  while ! grep -qE "$2" "$1" 2>/dev/null; do
    kill -0 "$4" 2>/dev/null || fail "process $4 exited before '$2' appeared in $1: $(tail -5 "$1")"
    ((SECONDS < deadline)) || fail "no '$2' in $1 after $3 s"
    sleep 0.05
  done
}

# stop PID SECONDS: SIGTERM, then SIGKILL if it has not exited in time. The PID leaves the harness's list,
# so that the cleanup at exit never signals a number the system has given to another process since.
stop() {
  local pid kept=()
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 1 $(($2 * 20))); do
    kill -0 "$1" 2>/dev/null || break
    sleep 0.05
  done
  kill -KILL "$1" 2>/dev/null || true
  stop_status=0
  wait "$1" 2>/dev/null || stop_status=$?
  for pid in "${pids[@]}"; do [[ $pid == "$1" ]] || kept+=("$pid"); done
  pids=("${kept[@]}")
}

# tree PID: the process and its children (nginx's master and workers).
tree() { echo "$1" $(ps -o pid= --ppid "$1" 2>/dev/null); }

# cpu_seconds PID...: utime + stime of the processes, in seconds.
cpu_seconds() {
  local ticks=0 stat
  for pid in "$@"; do
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
    stat=${stat##*) }
    read -r -a fields <<<"$stat"
    ticks=$((ticks + fields[11] + fields[12]))
  done
  awk -v t="$ticks" -v hz="$clk_tck" 'BEGIN { printf "%.2f", t / hz }'
}

# rss_kib PID...: the sum of VmRSS.
rss_kib() {
  local total=0 kib
  for pid in "$@"; do
    kib=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null) || continue
    total=$((total + ${kib:-0}))
  done
  echo "$total"
}

load_average() { cut -d' ' -f1-3 /proc/loadavg; }

start_nginx() {
  local dir=$work/nginx port
  rm -rf "$dir" && mkdir -p "$dir"
  port=$(free_port)
  # Streaming as nginx documents it: no response buffering, HTTP/1.1 upstream without "Connection: close".
  cat >"$dir/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes 2;
worker_rlimit_nofile 20000;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events {
    worker_connections 20000;
}
http {
    access_log off;
    client_body_temp_path $dir/client_body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
    server {
        listen 127.0.0.1:$port;
        location / {
            proxy_pass $backend;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_buffering off;
            proxy_cache off;
            proxy_read_timeout 1h;
            proxy_send_timeout 1h;
        }
    }
}
EOF
  nginx -e stderr -p "$dir" -c "$dir/nginx.conf" >"$row_log.nginx.out" 2>&1 &
  proxy_pid=$!
  pids+=("$proxy_pid")
  wait_port "$port" "$proxy_pid"
  target="http://127.0.0.1:$port/stream"
}

start_haproxy() {
  local dir=$work/haproxy port
  rm -rf "$dir" && mkdir -p "$dir"
  port=$(free_port)
  # Each stream is two descriptors (client and server side): maxconn 9800 fits a 20,000 descriptor limit.
  cat >"$dir/haproxy.cfg" <<EOF
global
    nbthread 2
    maxconn 9800
    ulimit-n 20000
defaults
    mode http
    maxconn 9800
    option http-no-delay
    timeout connect 5s
    timeout http-request 10s
    timeout client 1h
    timeout server 1h
frontend bench
    bind 127.0.0.1:$port
    default_backend sse
backend sse
    server backend ${backend#http://}
EOF
  haproxy -db -f "$dir/haproxy.cfg" >"$row_log.haproxy.out" 2>&1 &
  proxy_pid=$!
  pids+=("$proxy_pid")
  wait_port "$port" "$proxy_pid"
  target="http://127.0.0.1:$port/stream"
}

# extra_subscription API_ID PLAN NAME: one more application subscribed to the API; prints its access token.
extra_subscription() {
  local app
  app=$(rest "$devportal/applications" --data "{\"name\":\"$3\",\"throttlingPolicy\":\"Unlimited\"}" |
    jq -er .applicationId)
  rest "$devportal/subscriptions" \
    --data "{\"applicationId\":\"$app\",\"apiId\":\"$1\",\"throttlingPolicy\":\"$2\"}" >/dev/null
  rest "$devportal/applications/$app/generate-keys" --data '{"keyType":"PRODUCTION"}' | jq -er .token.accessToken
}

# start_gateway SYSTEM: a fresh headless StreamDesk with an API on $backend; sets target and the client's
# extra arguments. AsyncGold spreads the streams over enough subscriptions that none reaches its quota.
start_gateway() {
  local plan=AsyncUnlimited subscriptions=1 api i
  rm -rf "$work/data"
  cat >"$work/streamdesk" <<EOF
#!/bin/sh
exec "$(realpath "$streamdesk")" "\$@" $streamdesk_args
EOF
  chmod +x "$work/streamdesk"
  start_streamdesk "$work/streamdesk"
  proxy_pid=${pids[-1]}
  [[ $1 == streamdesk-gold ]] && plan=AsyncGold
  subscribed_api /bench "$plan"
  echo "Authorization: Bearer $token" >"$work/tokens"
  if [[ $plan == AsyncGold ]]; then
    # Events one subscription receives: its streams' share of the ticks while opening, measuring and ending.
    local per_second=$((interval_ms > 0 ? streams * 1000 / interval_ms : 0))
    local expected=$((per_second * (seconds + streams / rate + 10)))
    subscriptions=$(((expected + gold_quota * 8 / 10 - 1) / (gold_quota * 8 / 10)))
    ((subscriptions >= 1)) || subscriptions=1
    api=$(rest "$publisher/apis" | jq -er '.list[] | select(.context == "/bench") | .id')
    for i in $(seq 2 "$subscriptions"); do
      echo "Authorization: Bearer $(extra_subscription "$api" AsyncGold "bench$i")" >>"$work/tokens"
    done
  fi
  gold_subscriptions=$subscriptions
  client_args=(--header-file "$work/tokens")
  if [[ $1 == streamdesk-https ]]; then
    target="$(grep -m1 -oE 'gateway listening on https://[0-9.:]+' "$work/sd.out" | sed 's/.* on //')/bench/1/stream"
    client_args+=(--cacert "$cacert")
  else
    target="$gateway/bench/1/stream"
  fi
}

# run_row WORKLOAD SYSTEM: one measurement; writes $out/rows/WORKLOAD-SYSTEM.json.
run_row() {
  local name=$1 system=$2 backend_pid client_pid procs rss_idle=0 rss_load=0 cpu0 cpu1 cpu2 bcpu0 bcpu1 bcpu2 brss
  local load0 load1 open_timeout metered=null started
  row_log=$out/logs/$name-$system
  started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  load0=$(load_average)
  echo "== $name $system: $streams streams, interval ${interval_ms} ms, ${seconds} s ($(date -u +%T), load $load0)"
  "$bin/bench-backend" --port=0 --interval-ms="$interval_ms" >"$row_log.backend.out" 2>"$row_log.backend.err" &
  backend_pid=$!
  pids+=("$backend_pid")
  wait_for "$row_log.backend.out" '^bench-backend listening on' 10 "$backend_pid"
  backend=$(sed -n 's/^bench-backend listening on //p' "$row_log.backend.out")
  proxy_pid="" client_args=() gold_subscriptions=0
  case $system in
    direct) target="$backend/stream" ;;
    nginx) start_nginx ;;
    haproxy) start_haproxy ;;
    streamdesk*) start_gateway "$system" ;;
  esac
  procs=""
  if [[ -n $proxy_pid ]]; then
    sleep 1
    procs=$(tree "$proxy_pid")
    rss_idle=$(rss_kib $procs)
  fi

  open_timeout=$((streams / rate + 30))
  cpu0=$(cpu_seconds $procs)
  bcpu0=$(cpu_seconds "$backend_pid")
  "$bin/bench-client" --streams="$streams" --rate="$rate" --seconds="$seconds" --open-timeout="$open_timeout" \
    --hold "${client_args[@]}" "$target" >"$row_log.client.json" 2>"$row_log.client.err" &
  client_pid=$!
  pids+=("$client_pid")
  wait_for "$row_log.client.err" '^bench-client: measuring' $((open_timeout + 10)) "$client_pid"
  cpu1=$(cpu_seconds $procs)
  bcpu1=$(cpu_seconds "$backend_pid")
  wait_for "$row_log.client.err" '^bench-client: measured' $((seconds + 30)) "$client_pid"
  cpu2=$(cpu_seconds $procs)
  bcpu2=$(cpu_seconds "$backend_pid")
  [[ -n $procs ]] && procs=$(tree "$proxy_pid") && rss_load=$(rss_kib $procs)
  brss=$(rss_kib "$backend_pid")
  load1=$(load_average)

  # The backend ends every stream with its last chunk; the client reads to the end of each, so it has
  # received everything the proxy sent (what StreamDesk metered) when it exits.
  stop "$backend_pid" 10
  backend_status=$stop_status
  for _ in $(seq 1 300); do kill -0 "$client_pid" 2>/dev/null || break; sleep 0.05; done
  stop "$client_pid" 5
  if [[ -n $proxy_pid ]]; then
    stop "$proxy_pid" 20
    proxy_pid=""
  fi
  if [[ $system == streamdesk* ]]; then
    cp "$work/sd.out" "$row_log.streamdesk.out"
    cp "$work/sd.err" "$row_log.streamdesk.err"
    # Stopped cleanly, StreamDesk has written its exact counts: delivered events per subscription.
    metered=$(sqlite3 "$work/data/streamdesk.db" 'SELECT COALESCE(SUM(events), 0) FROM event_usage')
  fi
  jq -e . "$row_log.client.json" >/dev/null || fail "bench-client wrote no result: $(cat "$row_log.client.err")"
  ((backend_status == 0)) || fail "bench-backend failed (exit status $backend_status) in $name $system: the row is void"

  row_files+=("$out/rows/$name-$system.json")
  jq --arg workload "$name" --arg system "$system" --arg started "$started" --argjson interval "$interval_ms" \
    --argjson seconds "$seconds" --arg load0 "$load0" --arg load1 "$load1" \
    --argjson cpu_open "$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { printf "%.2f", b - a }')" \
    --argjson cpu_window "$(awk -v a="$cpu1" -v b="$cpu2" 'BEGIN { printf "%.2f", b - a }')" \
    --argjson rss_idle "$rss_idle" --argjson rss_load "$rss_load" --argjson nprocs "$(wc -w <<<"$procs")" \
    --argjson bcpu_open "$(awk -v a="$bcpu0" -v b="$bcpu1" 'BEGIN { printf "%.2f", b - a }')" \
    --argjson bcpu_window "$(awk -v a="$bcpu1" -v b="$bcpu2" 'BEGIN { printf "%.2f", b - a }')" --argjson brss "$brss" \
    --argjson metered "$metered" --argjson subscriptions "$gold_subscriptions" --argjson quota "$gold_quota" \
    --arg streamdesk_args "$streamdesk_args" '
    def split_load: split(" ") | map(tonumber);
    {workload: $workload, system: $system, started: $started, interval_ms: $interval, seconds: $seconds,
     load_average: {before: ($load0 | split_load), at_end: ($load1 | split_load)},
     client: .,
     proxy: (if $system == "direct" then null else
       {processes: $nprocs, cpu_open_s: $cpu_open, cpu_window_s: $cpu_window, cpu_s: ($cpu_open + $cpu_window),
        rss_idle_kib: $rss_idle, rss_load_kib: $rss_load,
        rss_per_stream_kib: (if .streams_ok > 0 then (($rss_load - $rss_idle) / .streams_ok) else null end)}
       end),
     backend: {cpu_open_s: $bcpu_open, cpu_window_s: $bcpu_window, rss_kib: $brss}}
    + (if $system | startswith("streamdesk") then
         {streamdesk_args: $streamdesk_args,
          metering: ({metered_events: $metered, received_events: .events_total,
                      exact: ($metered == .events_total)}
                     + (if $system == "streamdesk-gold" then
                          {plan: "AsyncGold", quota_per_subscription: $quota, subscriptions: $subscriptions,
                           quota_total: ($quota * $subscriptions)} else {plan: "AsyncUnlimited"} end))}
       else {} end)' "$row_log.client.json" >"$out/rows/$name-$system.json"
  jq -r '"   ok \(.client.streams_ok)/\(.client.streams), errors \(.client.errors_total) \(.client.errors),"
    + " \(.client.events_per_s | floor) events/s, latency p50 \(.client.latency_ms.p50 // "-") p99"
    + " \(.client.latency_ms.p99 // "-") max \(.client.latency_ms.max // "-") ms, missing \(.client.missing_seq),"
    + " open \(.client.open_ms | floor) ms"
    + (if .proxy then ", proxy CPU \(.proxy.cpu_window_s) s (+\(.proxy.cpu_open_s) opening),"
       + " RSS \(.proxy.rss_load_kib / 1024 | floor) MiB" else "" end)
    + (if .metering then ", metered \(.metering.metered_events) / received \(.metering.received_events)" else "" end)' \
    "$out/rows/$name-$system.json"
}

IFS=, read -r -a selected <<<"$workloads"
row_files=()
for name in "${selected[@]}"; do
  workload "$name"
  for system in $systems; do
    if [[ -n $systems_filter && ",$systems_filter," != *",$system,"* ]]; then continue; fi
    run_row "$name" "$system"
  done
done

jq -n --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --arg command "$command_line" \
  --arg cpu "$(lscpu | sed -n 's/^Model name: *//p')" --argjson cores "$(nproc)" \
  --arg memory "$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)" \
  --arg kernel "$(uname -r)" --arg nginx "$(nginx -v 2>&1 | sed 's/^nginx version: //')" \
  --arg haproxy "$(haproxy -v | head -1)" --arg streamdesk "$streamdesk" --arg commit "$streamdesk_commit" \
  --arg streamdesk_args "$streamdesk_args" --argjson rate "$rate" \
  --arg limit "$(ulimit -Hn)" '{date: $date, command: $command,
    machine: {cpu: $cpu, cores: $cores, memory: $memory, kernel: $kernel, descriptor_limit: $limit},
    versions: {nginx: $nginx, haproxy: $haproxy, streamdesk: $streamdesk, streamdesk_commit: $commit,
               streamdesk_args: $streamdesk_args},
    connect_rate: $rate, rows: [inputs]}' "${row_files[@]}" >"$out/results.json"
# Debian's python3, where python3-matplotlib is installed (not one earlier in PATH).
/usr/bin/python3 "$here/report.py" "$out/results.json" >"$out/results.md"
if /usr/bin/python3 -c 'import matplotlib' 2>/dev/null; then
  /usr/bin/python3 "$here/plot.py" "$out/results.json" "$out/results.png"
fi
echo "== results: $out/results.json, $out/results.md$([[ -f $out/results.png ]] && echo ", $out/results.png")"
cat "$out/results.md"
