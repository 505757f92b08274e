#!/usr/bin/env bash
# Builds the image (build.sh) and smoke-tests it: `till serve` in a container on the embedded database
# answers /readyz and a checkout-session create, and stops cleanly on SIGTERM; with SMOKE_DATABASE_URL
# (a PostgreSQL server database the container may migrate), the same on PostgreSQL and a `till worker`
# beside it. Containers use the host's network; every container it starts is removed.
#   ops/container/smoke.sh
#   CONTAINER_TOOL="podman --runtime /usr/sbin/runc --cgroup-manager cgroupfs" \
#     RUN_FLAGS="--ulimit nofile=20000:20000 --ulimit nproc=4096:4096" BUILD_FLAGS="$RUN_FLAGS" ops/container/smoke.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

read -ra tool <<< "${CONTAINER_TOOL:-podman}"
image="${IMAGE:-till-smoke:latest}"
port="${SMOKE_PORT:-41542}"
key=sk_test_containersmoke1
names=()
cleanup() { for name in "${names[@]}"; do "${tool[@]}" rm -f "$name" >/dev/null 2>&1 || true; done; }
trap cleanup EXIT

IMAGE="$image" ops/container/build.sh

# run <name> <till command> [env…]: a detached container on the host's network
run() {
  local name="$1" command="$2"; shift 2
  names+=("$name")
  local env=()
  for e in "$@"; do env+=(-e "$e"); done
  # shellcheck disable=SC2086
  "${tool[@]}" run ${RUN_FLAGS:-} -d --name "$name" --network host "${env[@]}" "$image" "$command" >/dev/null
}

ready() {
  for _ in $(seq 1 240); do
    curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "not ready after 120 s"; "${tool[@]}" logs "$1"; return 1
}

check_create() {
  local body
  body="$(curl -fsS "http://127.0.0.1:$port/v1/checkout/sessions" -u "$key:" -d amount=1200 -d currency=usd)"
  [[ "$body" == *'"id":"cs_test_'* && "$body" == *'"amount_total":1200'* ]] || { echo "unexpected create answer: $body"; return 1; }
}

stops_cleanly() {
  "${tool[@]}" stop -t 30 "$1" >/dev/null
  local code
  code="$("${tool[@]}" inspect --format '{{.State.ExitCode}}' "$1")"
  [[ "$code" == 0 ]] || { echo "$1 exited $code"; "${tool[@]}" logs "$1"; return 1; }
}

serve="till-smoke-serve-$$"
run "$serve" serve "PORT=$port" "TILL_SECRET_KEY=$key"
ready "$serve"
check_create
stops_cleanly "$serve"
echo "ok: till serve on the embedded database"

if [[ -n "${SMOKE_DATABASE_URL:-}" ]]; then
  pgserve="till-smoke-pgserve-$$" pgworker="till-smoke-pgworker-$$"
  run "$pgserve" serve "PORT=$port" "TILL_SECRET_KEY=$key" "DATABASE_URL=$SMOKE_DATABASE_URL" TILL_WORKER=false
  ready "$pgserve"
  run "$pgworker" worker "DATABASE_URL=$SMOKE_DATABASE_URL"
  check_create
  for _ in $(seq 1 120); do "${tool[@]}" logs "$pgworker" 2>&1 | grep -q "worker running" && break; sleep 0.5; done
  "${tool[@]}" logs "$pgworker" 2>&1 | grep -q "worker running" || { echo "the worker did not start"; "${tool[@]}" logs "$pgworker"; exit 1; }
  stops_cleanly "$pgserve"
  stops_cleanly "$pgworker"
  echo "ok: till serve and till worker on PostgreSQL"
fi
