#!/usr/bin/env bash
# A data directory StreamDesk cannot write: read-only or full at start-up ends it with a clear error naming the
# directory, and a full disk while running answers the management call with a clear error, writes nothing half,
# and the same call succeeds once there is room again. "Read-only" runs StreamDesk as nobody when this runs as
# root (file modes do not stop root); "full" is RLIMIT_FSIZE with SIGXFSZ ignored, so writes fail with EFBIG.
# usage: faultdatadir.sh STREAMDESK
set -euo pipefail
streamdesk=${1:?usage: faultdatadir.sh STREAMDESK}
harness_name=faultdatadir.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../tools/lib/harness.sh"
# sql DATABASE QUERY: the first column of the first row (python3's sqlite3: CI has no sqlite3 command).
sql() { python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$@"; }
chmod 755 "$work"
trap '' XFSZ

# refused_start DATA_DIR [WRAPPER...]: StreamDesk must exit non-zero at once, its error naming DATA_DIR. Its
# output goes through a pipe, which RLIMIT_FSIZE does not limit.
refused_start() {
  local dir=$1 status=0
  shift
  "$@" "$streamdesk" --headless --data-dir "$dir" --gateway-port 0 --gateway-tls-port 0 --management-port 0 \
    --no-sample-backend </dev/null 2>&1 | cat >"$work/refused.log" || status=$?
  (( status != 0 )) || fail "StreamDesk started on $dir: $(cat "$work/refused.log")"
  grep -q "^streamdesk: error: .*$dir" "$work/refused.log" ||
    fail "no clear error naming $dir: $(cat "$work/refused.log")"
  grep -q 'StreamDesk ready' "$work/refused.log" && fail "StreamDesk said it was ready"
  echo "refused: $(grep -m1 '^streamdesk: error' "$work/refused.log")"
}
if (( EUID == 0 )); then
  as_reader=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
else
  as_reader=()
fi

echo "--- a read-only, empty data directory"
mkdir -m 555 "$work/readonly"
refused_start "$work/readonly" "${as_reader[@]}"
[[ -z $(ls -A "$work/readonly") ]] || fail "something was written to the read-only directory"

echo "--- a full disk at start-up"
refused_start "$work/full" prlimit --fsize=1 --
[[ ! -s "$work/full/streamdesk.db" ]] || fail "a database was written on a full disk"

echo "--- a full disk while running: the call fails clearly and leaves nothing; with room it succeeds"
start_streamdesk "$streamdesk"
sd_pid=${pids[-1]}
before=$(rest "$devportal/applications" | jq -er .count)
prlimit --pid "$sd_pid" --fsize=1:unlimited
status=$(curl -sS --cacert "$cacert" -u admin:admin -H 'Content-Type: application/json' -o "$work/full.json" \
  -w '%{http_code}' "$devportal/applications" --data '{"name":"onfull","throttlingPolicy":"Unlimited"}')
echo "a change on a full disk: $status $(cat "$work/full.json")"
[[ $status == 5* ]] || fail "a change on a full disk answered $status"
jq -e '.message | length > 0' "$work/full.json" >/dev/null || fail "no message in $(cat "$work/full.json")"
grep -q "$work" "$work/full.json" && fail "the answer shows the data directory's path"
prlimit --pid "$sd_pid" --fsize=unlimited
[[ $(rest "$devportal/applications" | jq -er .count) == "$before" ]] || fail "the failed change was half-written"
rest "$devportal/applications" --data '{"name":"onfull","throttlingPolicy":"Unlimited"}' >/dev/null ||
  fail "the change still fails with room on the disk"
kill "$sd_pid"
wait "$sd_pid" 2>/dev/null || true
[[ $(sql "$work/data/streamdesk.db" 'PRAGMA integrity_check') == ok ]] || fail "the database is damaged"

echo "--- the same data directory made read-only after it was used"
chmod -R a-w "$work/data"
refused_start "$work/data" "${as_reader[@]}"
echo "faultdatadir.sh: read-only and full data directories refused clearly, nothing half-written"
