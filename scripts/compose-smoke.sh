#!/usr/bin/env bash
# The Docker deployment end to end, on a machine with Docker (Engine 23+, Compose v2): builds the
# images, brings the deployment up, waits until every service is healthy, places an order with
# curl, follows it until it is Approved, prints it, and takes everything down again with its
# volumes (a trap, also on failure or Ctrl-C). Exit code 0 when the order was Approved, 1 if not.
#
#   scripts/compose-smoke.sh                  docker-compose.yml: one CockroachDB node
#   scripts/compose-smoke.sh --postgres       + docker-compose.postgres.yml: PostgreSQL instead
#   scripts/compose-smoke.sh --cluster        + docker-compose.cluster.yml: three CockroachDB nodes
#   scripts/compose-smoke.sh --nats-cluster   + docker-compose.nats-cluster.yml (with any of the above)
#   --keep                                    leave it running (take it down with the command printed)
#
# It runs as its own Compose project (eventstream-smoke), so `down -v` deletes only its own
# volumes, never those of a deployment started with plain `docker compose up`; it needs the
# host ports that one uses (3000, 8090, 26257, 4222, ...) free, though.
# --cluster uses COCKROACH_LICENSE_KEY when it is set; without it the cluster starts with
# COCKROACH_UNLICENSED=ephemeral, which is right for a cluster deleted minutes later (README.md,
# "Docker"). SMOKE_TIMEOUT (seconds, default 600) bounds the wait for health after the build,
# SMOKE_ORDER_TIMEOUT (seconds, default 60) the wait for the order to end.
set -euo pipefail
cd "$(dirname "$0")/.."

PROJECT=eventstream-smoke
ORDER_API=http://127.0.0.1:3000
TIMEOUT=${SMOKE_TIMEOUT:-600}
ORDER_TIMEOUT=${SMOKE_ORDER_TIMEOUT:-60}
# The long-running services with a health check (docker-compose.yml), and the one-shots that
# must end with exit code 0 before them.
SERVICES=(nats eventstore-service order-service payment-worker review-worker querymodel-worker saga-coordinator)
ONE_SHOTS=(db-init bootstrapper secrets-init)
FILES=(-f docker-compose.yml)
KEEP=0
DATABASE=""
NATS_CLUSTER=0

say() { echo "compose-smoke: $*"; }
# field <name>: the first "name":"value" of the JSON on stdin (no jq needed).
field() { grep -o "\"$1\" *: *\"[^\"]*\"" | head -n 1 | sed -E 's/.*: *"([^"]*)"/\1/'; }
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --postgres|--cluster)
      [ -z "$DATABASE" ] || { say "--postgres and --cluster exclude each other"; exit 2; }
      DATABASE=${1#--} ;;
    --nats-cluster) NATS_CLUSTER=1 ;;
    --keep) KEEP=1 ;;
    -h|--help) usage; exit 0 ;;
    *) say "unknown option $1"; usage >&2; exit 2 ;;
  esac
  shift
done
case "$DATABASE" in
  postgres) FILES+=(-f docker-compose.postgres.yml); SERVICES+=(postgres) ;;
  cluster)
    FILES+=(-f docker-compose.cluster.yml)
    if [ -z "${COCKROACH_LICENSE_KEY:-}" ]; then
      say "no COCKROACH_LICENSE_KEY: an unlicensed cluster, deleted at the end (COCKROACH_UNLICENSED=ephemeral)"
      export COCKROACH_UNLICENSED=ephemeral
    fi ;;
esac
# The database's file first, then the NATS cluster's: the order README.md documents.
if [ "$NATS_CLUSTER" = 1 ]; then
  FILES+=(-f docker-compose.nats-cluster.yml)
  ONE_SHOTS+=(nats-replicas)
  SERVICES+=(nats-2 nats-3)
fi

for tool in docker curl; do
  command -v "$tool" >/dev/null 2>&1 || { say "$tool is missing"; exit 1; }
done
docker compose version >/dev/null 2>&1 || { say "Docker Compose v2 (docker compose) is missing"; exit 1; }

compose() { docker compose -p "$PROJECT" "${FILES[@]}" "$@"; }

# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
  local code=$?
  if [ "$code" != 0 ]; then
    say "failed: the last log lines of every container"
    compose logs --no-color --tail 40 || true
  fi
  if [ "$KEEP" = 1 ]; then
    say "left running; take it down with: docker compose -p $PROJECT ${FILES[*]} down -v"
  else
    say "taking it down (docker compose -p $PROJECT ${FILES[*]} down -v)"
    compose down -v --remove-orphans >/dev/null 2>&1 || true
  fi
  exit "$code"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

say "files: ${FILES[*]}"
say "building the images (the first build compiles the reactor inside Docker: minutes)"
compose build
compose up -d

# state <service>: the container's health (healthy, starting, unhealthy), or for a container
# without a health check its state and exit code (running 0, exited 0, exited 1).
state() {
  local id
  id=$(compose ps -a -q "$1" 2>/dev/null | head -n 1)
  [ -n "$id" ] || { echo "missing"; return; }
  docker inspect --format '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}} {{.State.ExitCode}}{{end}}' "$id"
}

say "waiting up to ${TIMEOUT} s for ${ONE_SHOTS[*]} to finish and ${SERVICES[*]} to be healthy"
deadline=$(( $(date +%s) + TIMEOUT ))
while :; do
  pending=()
  for s in "${ONE_SHOTS[@]}"; do
    st=$(state "$s")
    case "$st" in
      "exited 0") ;;
      exited*) say "$s failed ($st):"; compose logs --no-color "$s" || true; exit 1 ;;
      *) pending+=("$s") ;;
    esac
  done
  for s in "${SERVICES[@]}"; do
    st=$(state "$s")
    [ "$st" = healthy ] || pending+=("$s:$st")
  done
  [ ${#pending[@]} -eq 0 ] && break
  if [ "$(date +%s)" -ge "$deadline" ]; then
    say "not ready after ${TIMEOUT} s: ${pending[*]}"
    exit 1
  fi
  sleep 5
done
say "every service is healthy"

body='{"customer_id":"smoke-customer","restaurant_id":"smoke-restaurant","order_items":[{"code":"p1","name":"Pizza","unit_price":10.5,"quantity":2}]}'
say "POST $ORDER_API/api/orders $body"
# The smoke customer's own bearer token, minted by the bootstrapper with the key secrets-init made (docs/security.md).
token=$(compose run --rm --no-deps -T bootstrapper token smoke-customer --key /secrets/jwt/private.pem | tr -d '\r')
[ -n "$token" ] || { say "no token from the bootstrapper"; exit 1; }
auth="Authorization: Bearer $token"
response=$(curl -fsS -X POST -H "$auth" -H 'Content-Type: application/json' -d "$body" "$ORDER_API/api/orders")
echo "  -> $response"
order_id=$(echo "$response" | field order_id)
[ -n "$order_id" ] || { say "no order_id in the answer"; exit 1; }

# The read model is eventually consistent: a 404 right after the POST means "not yet".
status=""
for _ in $(seq 1 $(( ORDER_TIMEOUT * 2 ))); do
  status=$(curl -fs -H "$auth" "$ORDER_API/api/orders/$order_id" | field status || true)
  case "$status" in Approved|Rejected|Cancelled) break ;; esac
  sleep 0.5
done
say "GET $ORDER_API/api/orders/$order_id"
curl -fsS -H "$auth" "$ORDER_API/api/orders/$order_id" || true
echo
if [ "$status" = Approved ]; then
  say "PASS: order $order_id is Approved"
  exit 0
fi
say "FAIL: order $order_id is ${status:-not visible} after ${ORDER_TIMEOUT} s, not Approved"
exit 1
