#!/usr/bin/env bash
# The steps of tools/fresh-root-check.sh, run inside the bare Debian 12 root from the repository's top folder there:
# the README's first command installs, builds and starts StreamDesk headless; the gateway answers an unauthenticated
# request with the 401 JSON; StreamDesk stops cleanly; every target of the test configuration builds; the curl
# tutorial passes. Each failure is one line naming the step and, where a log says it, what is missing.
# usage: fresh-root-steps.sh LOG_DIR
set -euo pipefail
logs=${1:?usage: fresh-root-steps.sh LOG_DIR}
cd "$(dirname "$0")/../.."
mkdir -p "$logs"
step="start" log="" app=""
trap '[[ -n "$app" ]] && kill -9 "$app" 2>/dev/null; wait 2>/dev/null || true' EXIT

fail() {
  local detail=""
  if [[ -n "$log" && -s "$log" ]]; then
    echo "--- last lines of $log" >&2
    tail -n 25 "$log" >&2
    # The line that names what is missing: apt's, CMake's or the compiler's error.
    # CMake wraps its messages, so the next line is joined on.
    detail=$(grep -m1 -A1 -E "^E: |Failed to find required Qt component|could not be found|CMake Error|error:|FAILED:" \
      "$log" | tr -s '[:space:]' ' ' | sed -E 's/^ //; s/ $//' || true)
  fi
  echo "fresh-root-check: FAILED at step '$step': $*${detail:+ ($detail)}" >&2
  exit 1
}
# Never end silently: a command that fails outside an explicit check names itself.
trap 'fail "command failed (line $LINENO): $BASH_COMMAND"' ERR

step="./run.sh --headless --no-sample-backend (install, build, start)"
log=$logs/run.log
data=$HOME/fresh-root-data
started=$SECONDS
./run.sh --headless --no-sample-backend --data-dir "$data" --gateway-port 0 --gateway-tls-port 0 \
  --management-port 0 >"$log" 2>&1 &
app=$!
until grep -qs '^StreamDesk ready' "$log"; do
  kill -0 "$app" 2>/dev/null || { wait "$app" || true; fail "run.sh ended before StreamDesk was ready"; }
  ((SECONDS - started < 1800)) || fail "StreamDesk not ready after 30 minutes"
  sleep 1
done
echo "fresh-root-check: run.sh installed, built and started StreamDesk in $((SECONDS - started)) s"

step="unauthenticated request to the gateway"
log=""
gateway=$(grep -m1 -oE 'gateway listening on http://[0-9.:]+' "$logs/run.log" | sed 's/.* on //')
mgmt=$(grep -m1 -oE 'management .* on https://[0-9.:]+' "$logs/run.log" | sed 's/.* on //')
rest() {
  curl -sSf --cacert "$data/keys/tls-cert.pem" -u admin:admin -H 'Content-Type: application/json' "$@" ||
    fail "REST call failed: curl $*"
}
# A published, deployed API to ask for, made through the REST API with the root's own curl and jq.
apis=$mgmt/api/am/publisher/v4/apis
api=$(rest "$apis" --data '{"name":"Observer","context":"/observer","version":"1.0.0","type":"SSE",
  "policies":["AsyncGold"],"endpointConfig":{"endpoint_type":"http","production_endpoints":{"url":"http://127.0.0.1:8080"}}}')
id=$(jq -er .id <<<"$api") || fail "no id in $api"
rest -X POST "$apis/change-lifecycle?apiId=$id&action=Publish" >/dev/null
revision=$(rest "$apis/$id/revisions" --data '{}' | jq -er .id) || fail "no revision made"
rest "$apis/$id/deploy-revision?revisionId=$revision" --data '[{"name":"Default","vhost":"localhost"}]' >/dev/null
status=$(curl -sS -o "$logs/denied.json" -w '%{http_code}' "$gateway/observer/1.0.0/memory") || fail "curl failed"
[[ $status == 401 ]] && jq -e '.code == "900902"' "$logs/denied.json" >/dev/null ||
  fail "expected 401 with code 900902, got $status: $(cat "$logs/denied.json")"
echo "fresh-root-check: the gateway answered 401 $(cat "$logs/denied.json")"

step="stop StreamDesk (SIGTERM)"
kill -TERM "$app"
status=0
wait "$app" || status=$?
app=""
((status == 0)) || fail "streamdesk exited with status $status"

step="build every target of the test configuration"
log=$logs/build.log
started=$SECONDS
source tools/lib/test-build.sh
build_test_configuration >"$log" 2>&1 || fail "the build failed"
echo "fresh-root-check: the test configuration built in $((SECONDS - started)) s"

step="e2e tutorial (ctest -R e2e_tutorial)"
log=$logs/tutorial.log
ctest --test-dir build -R '^e2e_tutorial$' --output-on-failure >"$log" 2>&1 || fail "the tutorial failed"
grep -q '100% tests passed, 0 tests failed out of 1' "$log" || fail "the tutorial did not run"
echo "fresh-root-check: the curl tutorial passed"
