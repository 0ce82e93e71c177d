# Shared by the end-to-end tests and the benchmarks; sourced, not run. Gives a work directory and child
# processes that go away on exit, and starts sse-server and a headless StreamDesk on free ports.
# Set harness_name to the sourcing script's name first; it prefixes failures.
work=$(mktemp -d)
pids=()
harness_cleanup() {
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap harness_cleanup EXIT

fail() { echo "${harness_name:-script}: FAILED: $*" >&2; exit 1; }

# wait_line FILE PATTERN: waits (up to 10 s) for a line matching PATTERN in FILE and prints it.
wait_line() {
  local file=$1 pattern=$2
  for _ in $(seq 1 200); do
    if grep -m1 -E "$pattern" "$file" 2>/dev/null; then return 0; fi
    sleep 0.05
  done
  fail "no line matching '$pattern' in $file: $(cat "$file")"
}

# start_sse_server SSE_SERVER [ARGS...]: starts it on a free port; sets backend (http://host:port).
start_sse_server() {
  local binary=$1
  shift
  "$binary" "$@" --port=0 >"$work/sse.out" 2>"$work/sse.err" &
  pids+=($!)
  backend=$(wait_line "$work/sse.out" '^sse-server listening on' | sed -E 's#.* (http://[^/]+)/memory#\1#')
}

# start_streamdesk STREAMDESK: a headless StreamDesk on free ports with its data in $work/data; sets gateway,
# mgmt, cacert, publisher and devportal.
start_streamdesk() {
  "$1" --headless --data-dir "$work/data" --gateway-port 0 --gateway-tls-port 0 --management-port 0 \
    --no-sample-backend >"$work/sd.out" 2>"$work/sd.err" &
  pids+=($!)
  wait_line "$work/sd.out" '^StreamDesk ready' >/dev/null
  gateway=$(grep -m1 -oE 'gateway listening on http://[0-9.:]+' "$work/sd.out" | sed 's/.* on //')
  mgmt=$(grep management "$work/sd.out" | grep -m1 -oE 'https://[0-9.:]+$')
  cacert="$work/data/keys/tls-cert.pem"
  publisher="$mgmt/api/am/publisher/v4"
  devportal="$mgmt/api/am/devportal/v3"
}

# rest CURL_ARGS...: a JSON call to the management port as admin; fails on any HTTP error.
rest() { curl -sSf --cacert "$cacert" -u admin:admin -H 'Content-Type: application/json' "$@"; }

# subscribed_api CONTEXT PLAN: publishes an SSE API at CONTEXT (version 1) on $backend with PLAN, deploys it to
# Default, subscribes a new application with PLAN and sets token to a production access token.
subscribed_api() {
  local context=$1 plan=$2 api revision app
  api=$(rest "$publisher/apis" --data "{\"name\":\"${context#/}\",\"context\":\"$context\",\"version\":\"1\",
    \"type\":\"SSE\",\"policies\":[\"$plan\"],\"endpointConfig\":{\"endpoint_type\":\"http\",
    \"production_endpoints\":{\"url\":\"$backend\"}}}" | jq -er .id)
  rest -X POST "$publisher/apis/change-lifecycle?apiId=$api&action=Publish" >/dev/null
  revision=$(rest "$publisher/apis/$api/revisions" --data '{}' | jq -er .id)
  rest "$publisher/apis/$api/deploy-revision?revisionId=$revision" --data '[{"name":"Default","vhost":"localhost"}]' \
    >/dev/null
  app=$(rest "$devportal/applications" --data "{\"name\":\"${context#/}\",\"throttlingPolicy\":\"Unlimited\"}" |
    jq -er .applicationId)
  rest "$devportal/subscriptions" \
    --data "{\"applicationId\":\"$app\",\"apiId\":\"$api\",\"throttlingPolicy\":\"$plan\"}" >/dev/null
  token=$(rest "$devportal/applications/$app/generate-keys" --data '{"keyType":"PRODUCTION"}' |
    jq -er .token.accessToken)
}
