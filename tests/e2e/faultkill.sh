#!/usr/bin/env bash
# kill -9 in the middle of a burst of management calls, with metered streams open: after a restart on the same
# data directory every change that was acknowledged (2xx) is there, the database is intact, and the quota
# counters hold at least what the streams had been sent before the kill (not reset).
# usage: faultkill.sh STREAMDESK SSE_SERVER
set -euo pipefail
streamdesk=${1:?usage: faultkill.sh STREAMDESK SSE_SERVER}
sse_server=${2:?usage: faultkill.sh STREAMDESK SSE_SERVER}
harness_name=faultkill.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../tools/lib/harness.sh"
# sql DATABASE QUERY: the first column of the first row (python3's sqlite3: CI has no sqlite3 command).
sql() { python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$@"; }
db="$work/data/streamdesk.db"
events_used() { sql "$db" 'SELECT COALESCE(SUM(events), 0) FROM event_usage'; }
data_lines() { cat "$work"/stream* | grep -c '^data:' || true; }

echo "--- a backend sending an event every 5 ms, StreamDesk, and three streams on a metered plan"
start_sse_server "$sse_server" --time=600000 --interval=5
start_streamdesk "$streamdesk"
first_pid=${pids[-1]}
subscribed_api /burst AsyncGold
for i in 1 2 3; do
  curl -sS -N "$gateway/burst/1/memory" -H "Authorization: Bearer $token" >"$work/stream$i" 2>/dev/null &
done
for _ in $(seq 1 400); do
  (( $(data_lines) >= 300 )) && break
  sleep 0.05
done

echo "--- four clients creating applications; kill -9 after 20 acknowledged"
touch "$work/acked"
worker() {
  local out
  for i in $(seq "$1" 4 400); do
    out=$(rest "$devportal/applications" --data "{\"name\":\"burst$i\",\"throttlingPolicy\":\"Unlimited\"}" \
      2>/dev/null) || return 0
    echo "$(jq -r .applicationId <<<"$out")" >>"$work/acked"
  done
}
workers=()
for w in 1 2 3 4; do
  worker "$w" &
  workers+=($!)
done
for _ in $(seq 1 600); do
  (( $(wc -l <"$work/acked") >= 20 )) && break
  sleep 0.05
done
delivered=$(data_lines)
kill -9 "$first_pid"
wait "${workers[@]}"
acked=$(wc -l <"$work/acked")
(( acked >= 20 )) || fail "only $acked changes were acknowledged before the kill"
used=$(events_used)
echo "acknowledged $acked changes; the streams had $delivered events, the quota counters say $used"
(( used >= delivered )) || fail "the quota counters ($used) hold less than the streams were sent ($delivered)"

echo "--- restart on the same data directory"
start_streamdesk "$streamdesk"
[[ $(sql "$db" 'PRAGMA integrity_check') == ok ]] || fail "the database is damaged after kill -9"
while read -r id; do
  rest "$devportal/applications/$id" >/dev/null || fail "acknowledged application $id is missing after the restart"
done <"$work/acked"
(( $(events_used) >= used )) || fail "the quota counters went back from $used to $(events_used)"
curl -sS -N --max-time 1 "$gateway/burst/1/memory" -H "Authorization: Bearer $token" >"$work/after" 2>/dev/null || true
grep -q '^data:' "$work/after" || fail "no events after the restart"
echo "faultkill.sh: $acked acknowledged changes and the quota counters survived kill -9"
