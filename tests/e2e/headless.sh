#!/usr/bin/env bash
# The headless mode as scripts use it: --version/--help, settings file vs flags, a busy port, bad flags,
# and a clean stop on SIGTERM while a stream is open.
# usage: headless.sh STREAMDESK SSE_SERVER
set -euo pipefail
streamdesk=${1:?usage: headless.sh STREAMDESK SSE_SERVER}
sse_server=${2:?usage: headless.sh STREAMDESK SSE_SERVER}
harness_name=headless.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../tools/lib/harness.sh"

echo "--- --version and --help"
"$streamdesk" --version | grep -qE '^streamdesk [0-9]+\.[0-9]+\.[0-9]+$' || fail "--version"
"$streamdesk" --help | grep -q -- '--headless' || fail "--help does not list --headless"

echo "--- bad flags: exit 2 with one clear line"
set +e
out=$("$streamdesk" --headless --gateway-port 70000 2>&1); code=$?
set -e
[[ $code == 2 && $out == *"--gateway-port: '70000' is not a port number"* ]] || fail "bad port flag gave $code: $out"

echo "--- settings.ini gives the ports; a flag wins over it"
mkdir -p "$work/data"
cat >"$work/data/settings.ini" <<INI
[network]
gatewayPort=0
gatewayTlsPort=0
managementPort=1
[gateway]
requestTimeoutMs=500
INI
"$streamdesk" --headless --data-dir "$work/data" --management-port 0 --no-sample-backend >"$work/a.out" 2>"$work/a.err" &
pid_a=$!
pids+=($pid_a)
wait_line "$work/a.out" '^StreamDesk ready' >/dev/null
gateway_port=$(grep -m1 -oE 'gateway listening on http://[0-9.]+:[0-9]+' "$work/a.out" | grep -oE '[0-9]+$')
mgmt_port=$(grep management "$work/a.out" | grep -oE '[0-9]+$')
[[ $gateway_port != 8280 && $mgmt_port != 1 ]] || fail "settings or flags ignored: $(cat "$work/a.out")"
# A connection that sends nothing gets 408 after the configured request timeout, then is closed.
exec 3<>"/dev/tcp/127.0.0.1/$gateway_port"
answer=$(timeout 10 cat <&3 || true)
exec 3<&-
[[ $answer == "HTTP/1.1 408 Request Timeout"* ]] || fail "idle connection answered: $answer"

echo "--- a busy port is a clear error naming it"
set +e
out=$("$streamdesk" --headless --data-dir "$work/data2" --gateway-port "$gateway_port" --no-sample-backend 2>&1); code=$?
set -e
[[ $code == 1 && $out == *"Cannot listen on 127.0.0.1:$gateway_port"* ]] || fail "busy port gave $code: $out"

echo "--- SIGTERM with a stream open: the stream ends cleanly and the process exits 0"
start_sse_server "$sse_server" --time=60000 --interval=100
# Prototype the API so the stream needs no subscription; the REST API does the setup.
cacert="$work/data/keys/tls-cert.pem"
pub="https://127.0.0.1:$mgmt_port/api/am/publisher/v4"
dev="https://127.0.0.1:$mgmt_port/api/am/devportal/v3"
api=$(rest -X POST "$pub/apis" -d "{\"name\":\"Probe\",\"context\":\"/probe\",\"version\":\"1\",\"type\":\"SSE\",
  \"endpointConfig\":{\"endpoint_type\":\"http\",\"production_endpoints\":{\"url\":\"$backend\"}}}" | jq -er .id)
rest -X POST "$pub/apis/change-lifecycle?apiId=$api&action=Deploy%20as%20a%20Prototype" >/dev/null
rev=$(rest -X POST "$pub/apis/$api/revisions" -d '{}' | jq -er .id)
rest -X POST "$pub/apis/$api/deploy-revision?revisionId=$rev" -d '[{"name":"Default","vhost":"localhost"}]' >/dev/null
app=$(rest -X POST "$dev/applications" -d '{"name":"Probe","throttlingPolicy":"Unlimited"}' | jq -er .applicationId)
token=$(rest -X POST "$dev/applications/$app/generate-keys" -d '{"keyType":"PRODUCTION"}' | jq -er .token.accessToken)
curl -sS -N "http://127.0.0.1:$gateway_port/probe/1/memory" -H "Authorization: Bearer $token" >"$work/stream" &
curl_pid=$!
wait_line "$work/stream" '^data:' >/dev/null
kill -TERM "$pid_a"
wait "$pid_a" || fail "streamdesk exited with $? after SIGTERM"
wait "$curl_pid" || fail "the open stream did not end cleanly (curl exit $?)"
grep -q 'signal 15 received, shutting down' "$work/a.err" || fail "no shutdown message: $(cat "$work/a.err")"
ls "$work/data"/streamdesk.db-wal >/dev/null 2>&1 && [[ -s "$work/data/streamdesk.db-wal" ]] &&
  fail "the store was not closed cleanly (WAL left behind)"

echo "headless.sh: all checks passed"
