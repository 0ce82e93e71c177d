#!/usr/bin/env bash
# The tutorial with curl, against a headless StreamDesk and sse-server on free ports; every answer is checked.
# usage: tutorial.sh STREAMDESK SSE_SERVER   (TUTORIAL_VERBOSE=1 prints each command and its output)
set -euo pipefail
streamdesk=${1:?usage: tutorial.sh STREAMDESK SSE_SERVER}
sse_server=${2:?usage: tutorial.sh STREAMDESK SSE_SERVER}
harness_name=tutorial.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../tools/lib/harness.sh"
step() { echo "--- $*"; }
show() { if [[ "${TUTORIAL_VERBOSE:-0}" == 1 ]]; then printf '%s\n' "$@" >&2; fi; }

step "start sse-server --time=5000 --interval=1000"
start_sse_server "$sse_server" --time=5000 --interval=1000

step "start streamdesk --headless"
start_streamdesk "$streamdesk"

# call METHOD URL [BODY] -> prints the body, checks the status against $expect (default 2xx)
call() {
  local method=$1 url=$2 body=${3:-} out status
  local args=(-sS --cacert "$cacert" -u admin:admin -X "$method" -o "$work/body" -w '%{http_code}')
  [[ -n "$body" ]] && args+=(-H 'Content-Type: application/json' --data "$body")
  status=$(curl "${args[@]}" "$url")
  out=$(cat "$work/body")
  show "\$ curl -X $method '$url' ${body:+-d '$body'}" "$out" ""
  [[ "$status" == ${expect:-2??} ]] || fail "$method $url answered $status: $out"
  printf '%s' "$out"
}

step "1-2. create the Observer API (SSE, /observer, 1.0.0, endpoint $backend)"
api=$(call POST "$publisher/apis" "{\"name\":\"Observer\",\"context\":\"/observer\",\"version\":\"1.0.0\",\"type\":\"SSE\",
  \"endpointConfig\":{\"endpoint_type\":\"http\",\"production_endpoints\":{\"url\":\"$backend\"},
  \"sandbox_endpoints\":{\"url\":\"$backend\"}},\"operations\":[{\"target\":\"/*\",\"verb\":\"SUBSCRIBE\"}]}")
api_id=$(jq -er .id <<<"$api")
[[ $(jq -r .lifeCycleStatus <<<"$api") == CREATED ]] || fail "new API is not CREATED: $api"

step "3. attach the AsyncGold business plan"
updated=$(call PUT "$publisher/apis/$api_id" "$(jq -c '.policies = ["AsyncGold"]' <<<"$api")")
[[ $(jq -c .policies <<<"$updated") == '["AsyncGold"]' ]] || fail "plans not saved: $updated"

step "4. publish"
call POST "$publisher/apis/change-lifecycle?apiId=$api_id&action=Publish" >/dev/null
state=$(call GET "$publisher/apis/$api_id/lifecycle-state")
jq -e '.state == "PUBLISHED" or .state == "Published"' <<<"$state" >/dev/null || fail "not published: $state"

step "5. create a revision and deploy it to Default (Production and Sandbox), vhost localhost"
revision=$(call POST "$publisher/apis/$api_id/revisions" '{"description":"tutorial"}')
revision_id=$(jq -er .id <<<"$revision")
call POST "$publisher/apis/$api_id/deploy-revision?revisionId=$revision_id" \
  '[{"name":"Default","vhost":"localhost","displayOnDevportal":true}]' >/dev/null

step "7. subscribe: application, subscription, keys, token"
app=$(call POST "$devportal/applications" \
  '{"name":"TutorialApp","throttlingPolicy":"Unlimited","description":"tutorial","tokenType":"JWT"}')
app_id=$(jq -er .applicationId <<<"$app")
sub=$(call POST "$devportal/subscriptions" "{\"applicationId\":\"$app_id\",\"apiId\":\"$api_id\",\"throttlingPolicy\":\"AsyncGold\"}")
[[ $(jq -r .status <<<"$sub") == UNBLOCKED ]] || fail "subscription not active: $sub"
keys=$(call POST "$devportal/applications/$app_id/generate-keys" \
  '{"keyType":"PRODUCTION","grantTypesToBeSupported":["client_credentials"],"validityTime":3600}')
key=$(jq -er .consumerKey <<<"$keys")
secret=$(jq -er .consumerSecret <<<"$keys")
token_reply=$(curl -sS --cacert "$cacert" -u "$key:$secret" -d grant_type=client_credentials "$mgmt/oauth2/token")
show "\$ curl -u KEY:SECRET -d grant_type=client_credentials $mgmt/oauth2/token" "$token_reply" ""
token=$(jq -er .access_token <<<"$token_reply")
[[ $(jq -r .token_type <<<"$token_reply") == Bearer && $(jq -r .expires_in <<<"$token_reply") == 3600 ]] ||
  fail "unexpected token reply: $token_reply"

step "8. stream through the gateway"
curl -sS -N "$gateway/observer/1.0.0/memory" -H "Authorization: Bearer $token" >"$work/stream" ||
  fail "curl did not end cleanly (exit $?)"
show "\$ curl -N $gateway/observer/1.0.0/memory -H 'Authorization: Bearer TOKEN'" "$(cat "$work/stream")" ""
events=$(grep -c '^data:' "$work/stream" || true)
[[ $events -ge 4 && $events -le 5 ]] || fail "expected 4-5 events, got $events: $(cat "$work/stream")"
while read -r line; do
  [[ $line =~ ^data:\{\"heap\":[0-9]+,\"nonHeap\":[0-9]+,\"ts\":[0-9]+,\"identifier\":\"ram_[0-9]+\"\}$ ]] ||
    fail "event not in the tutorial's format: $line"
done < <(grep '^data:' "$work/stream")

step "revoke the token; the gateway answers 401 900901"
curl -sS --cacert "$cacert" -u "$key:$secret" -d "token=$token" "$mgmt/oauth2/revoke" -o /dev/null -w '%{http_code}' |
  grep -qx 200 || fail "revocation failed"
status=$(curl -sS -o "$work/denied" -w '%{http_code}' "$gateway/observer/1.0.0/memory" -H "Authorization: Bearer $token")
show "\$ curl $gateway/observer/1.0.0/memory -H 'Authorization: Bearer REVOKED'" "$(cat "$work/denied")" ""
[[ $status == 401 ]] && jq -e '.code == "900901"' "$work/denied" >/dev/null ||
  fail "revoked token answered $status: $(cat "$work/denied")"

echo "tutorial.sh: all steps passed ($events events streamed)"
