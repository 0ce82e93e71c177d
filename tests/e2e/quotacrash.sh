#!/usr/bin/env bash
# A plan's quota holds across a crash: stream on AsyncBronze (5,000 events a day) from a fast backend, kill -9
# StreamDesk mid-stream, restart it on the same data directory, and stream again. Together the two streams
# deliver at most 5,000 events; the second ends cleanly at the quota and the next request gets 429.
# usage: quotacrash.sh STREAMDESK SSE_SERVER
set -euo pipefail
streamdesk=${1:?usage: quotacrash.sh STREAMDESK SSE_SERVER}
sse_server=${2:?usage: quotacrash.sh STREAMDESK SSE_SERVER}
harness_name=quotacrash.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../tools/lib/harness.sh"
quota=5000

echo "--- a backend sending an event every millisecond, and StreamDesk"
start_sse_server "$sse_server" --time=600000 --interval=1
start_streamdesk "$streamdesk"
first_pid=${pids[-1]}
subscribed_api /fast AsyncBronze

echo "--- stream, and kill -9 StreamDesk after 1,000 events"
curl -sS -N "$gateway/fast/1/memory" -H "Authorization: Bearer $token" >"$work/first" 2>/dev/null &
curl_pid=$!
for _ in $(seq 1 400); do
  (( $(grep -c '^data:' "$work/first" || true) >= 1000 )) && break
  sleep 0.05
done
kill -9 "$first_pid"
wait "$curl_pid" 2>/dev/null || true
first=$(grep -c '^data:' "$work/first" || true)
(( first >= 1000 && first < quota )) || fail "the first stream got $first events before the kill"

echo "--- restart on the same data directory and stream to the quota"
start_streamdesk "$streamdesk"
curl -sS -N "$gateway/fast/1/memory" -H "Authorization: Bearer $token" >"$work/second" ||
  fail "the second stream did not end cleanly (curl exit $?)"
second=$(grep -c '^data:' "$work/second" || true)
total=$(( first + second ))
echo "first stream $first events, second $second, together $total of $quota"
(( total <= quota )) || fail "the quota was overshot: $total events delivered"
# What a crash may cost: the unused part of one lease, about one second of this stream (1,000 events); the
# bound allows for a burst.
(( total >= quota - 2000 )) || fail "the crash lost too much of the quota: only $total events delivered"
status=$(curl -sS -o /dev/null -w '%{http_code}' "$gateway/fast/1/memory" -H "Authorization: Bearer $token")
[[ $status == 429 ]] || fail "after the quota a new stream answered $status"
echo "quotacrash.sh: the quota held across kill -9"
