#!/usr/bin/env bash
# The benchmarks of BENCHMARKS.md against the running suite (./suite up first):
# RUNS times the end-to-end load and RUNS times the event store bench, each under
# scripts/cpu-share.py (CPU per process and per order, and by thread group inside each JVM),
# results in results/ (JSON, SVG, results.md). scripts/profile.sh adds JFR profiles.
#
#   scripts/bench.sh                 # 3 + 3 runs with the defaults below
#   RUNS=1 ORDERS=5000 scripts/bench.sh orders
#   WARMUP_ORDERS=0 scripts/bench.sh orders   # no warm-up run first (JVMs already warm)
#   RATE=300/s scripts/bench.sh orders
#   RUNS=3 ORDERS=6000 RATE=100/s WARMUP_ORDERS=2000 WARMUP=1000 scripts/bench.sh orders   # issue 19's steady 100/s
#   scripts/bench.sh eventstore
#   API=http://127.0.0.1:3000 scripts/bench.sh orders   # which order-services get the load (default: 3000, and 3100 too when SUITE_INSTANCES=2 runs it)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
ORDERS=${ORDERS:-2000}
CONCURRENCY=${CONCURRENCY:-16}
RATE=${RATE:-}
# Orders the measured load tool posts first, at the same load, not measured. For an open loop
# (RATE), make it about 10 s of the rate: the measured part then starts in the steady state that the
# latency targets are about. With 0, a new client JVM's first seconds, right after the VACUUM
# below, held most of a 100/s run's p99 (BENCHMARKS.md, session 14).
WARMUP=${WARMUP:-300}
# Six JVMs share two cores: their JIT compilers need thousands of orders before the code is
# compiled (in the first runs after ./suite up, compiling took about 30 % of the services' CPU).
# So a series starts with this many orders at the same load, not measured (0: none).
WARMUP_ORDERS=${WARMUP_ORDERS:-3000}
SECONDS_PER_LEVEL=${SECONDS_PER_LEVEL:-10}
LABEL=${LABEL:-}
API=${API:-}
what=${1:-all}
JAR=loadtool/target/loadtool-0.1.0-SNAPSHOT.jar
# The load client shares the two cores with the suite: C1 only, so its JIT does not compete (see BENCHMARKS.md).
LOADTOOL_JAVA_OPTS=${LOADTOOL_JAVA_OPTS:-"-XX:TieredStopAtLevel=1"}
[ -f "$JAR" ] || mvn -B -q -pl loadtool -am package -DskipTests
# A NATS that ./suite started requires a user (docs/security.md, "NATS"): the bootstrapper's,
# the one that may read the streams and create the bench stream.
nkey=()
if [ -f .suite/secrets/nats/bootstrapper.nk ]; then nkey=(--nats-nkey .suite/secrets/nats/bootstrapper.nk); fi
# SUITE_INSTANCES=2 runs a second order-service on :3100: without API the load would all go to
# the first one (session 11 ran it so once by mistake: BENCHMARKS.md).
if [ -z "$API" ] && [ -f .suite/pids/order-service-2.pid ] && kill -0 "$(cat .suite/pids/order-service-2.pid)" 2>/dev/null; then
  API=http://127.0.0.1:3000,http://127.0.0.1:3100
  echo "== two order-services run (SUITE_INSTANCES=2): the load goes to both, API=$API"
fi
api=()
[ -z "$API" ] || api=(--api "$API")

orders() {
  local load=(--concurrency "$CONCURRENCY")
  [ -n "$RATE" ] && load=(--rate "$RATE")
  # CPU per order counts the warm-up orders too: they run inside the measured command.
  scripts/cpu-share.py --threads --per $((ORDERS + WARMUP)) -- \
    java $LOADTOOL_JAVA_OPTS -jar "$JAR" "${nkey[@]}" "${api[@]}" --orders "$ORDERS" "${load[@]}" --warmup "$WARMUP" --label "$LABEL"
}
eventstore() {
  scripts/cpu-share.py --threads -- java $LOADTOOL_JAVA_OPTS -jar "$JAR" "${nkey[@]}" --mode eventstore --seconds "$SECONDS_PER_LEVEL" --label "$LABEL"
}
# A PostgreSQL with autovacuum off (this machine's CI configuration does that) never cleans the
# rows the outbox deletes and the relay's positions update: each run would meet the bloat of all
# before it. So, there, each run starts after the VACUUM ANALYZE that autovacuum would have done.
PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-postgres}
vacuum_if_autovacuum_off() {
  [ "$(psql -h "$PGHOST" -U "$PGUSER" -d postgres -Atc 'SHOW autovacuum' 2>/dev/null)" = off ] || return 0
  for db in eventstoredb ordersdb paymentsdb sagadb; do
    psql -h "$PGHOST" -U "$PGUSER" -d "$db" -qc 'VACUUM ANALYZE' 2>/dev/null || true
  done
  echo "== autovacuum is off on this PostgreSQL: VACUUM ANALYZE of the suite's databases done"
}
# A run that finds a problem exits 1; its result is still data, so go on.
set +e
if [ "$WARMUP_ORDERS" -gt 0 ] && [ "$what" != eventstore ]; then
  echo "== warming the JVMs up: $WARMUP_ORDERS orders (not measured, label warmup)"
  java $LOADTOOL_JAVA_OPTS -jar "$JAR" "${nkey[@]}" "${api[@]}" --orders "$WARMUP_ORDERS" --concurrency "$CONCURRENCY" --warmup 0 --label warmup | tail -n 4
fi
if [ "$WARMUP_ORDERS" -gt 0 ] && [ "$what" = eventstore ]; then
  # Also the log's statistics: analysed nearly empty (after ./suite reset), PostgreSQL plans the
  # append's version lookup as a scan of the whole events table, and with autovacuum off nothing
  # analyses it again while the run grows it (a first run after a reset fell to 0.04 of pgbench).
  echo "== warming the event store up: 10 s at 64 clients (not measured, label warmup)"
  java $LOADTOOL_JAVA_OPTS -jar "$JAR" "${nkey[@]}" --mode eventstore --levels 64 --seconds 10 --label warmup | tail -n 2
fi
for i in $(seq 1 "$RUNS"); do
  vacuum_if_autovacuum_off
  echo "== run $i of $RUNS ($(cut -d' ' -f1-3 /proc/loadavg) load average)"
  case $what in
    orders) orders ;;
    eventstore) eventstore ;;
    all) orders; eventstore ;;
    *) echo "usage: $0 [all|orders|eventstore]"; exit 2 ;;
  esac
done
scripts/bench-summary.py results/*.json
