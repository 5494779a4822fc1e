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
#   RUNS=3 ORDERS=6000 RATE=100/s WARMUP=1000 scripts/bench.sh orders   # issue 19's steady 100/s
#   scripts/bench.sh eventstore
#   API=http://127.0.0.1:3000 scripts/bench.sh orders   # which order-services get the load (default: 3000, and 3100 too when SUITE_INSTANCES=2 runs it)
#   WATCH=1 scripts/bench.sh orders  # also each second's CPU per process (scripts/cpu-watch.py)
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
# Six JVMs share two cores, and their C2 compilers need minutes of load before the hot code is
# compiled: after ./suite up, compiling took 47-58 % of the services' CPU in the first 12,000
# orders at 16 clients, 26-30 % after 24,000-33,000, and 12-31 % after that, for as long as it was
# watched (60,000), and a first run at 100/s after those still 23 %: another load runs other code
# (BENCHMARKS.md, session 15). So a series starts with up to WARMUP_ROUNDS rounds of WARMUP_ORDERS
# orders at the measured load (RATE or CONCURRENCY), not measured, and stops early once the
# compilers took under JIT_SETTLED_PERCENT of the services' CPU in a round (cpu-share.py
# --threads). WARMUP_ORDERS=0: none (JVMs already warm at this load).
WARMUP_ORDERS=${WARMUP_ORDERS:-3000}
JIT_SETTLED_PERCENT=${JIT_SETTLED_PERCENT:-10}
WARMUP_ROUNDS=${WARMUP_ROUNDS:-10}
SECONDS_PER_LEVEL=${SECONDS_PER_LEVEL:-10}
LABEL=${LABEL:-}
API=${API:-}
what=${1:-all}
JAR=loadtool/target/loadtool-0.1.0-SNAPSHOT.jar
# The orders' load client shares the two cores with the suite: C1 only, so its JIT does not compete (see BENCHMARKS.md).
LOADTOOL_JAVA_OPTS=${LOADTOOL_JAVA_OPTS:-"-XX:TieredStopAtLevel=1"}
# The event store bench's client: the JVM's own tiered compilation (C2 for the hot code) and the
# services' Serial GC. Its levels run 36 s in one JVM, so C2 has compiled the calling code before
# the 64-client level. Compiled by C1 only, the client held the store back: 0.47 of pgbench's rate
# at 64 clients with C1, 0.56 with C2, in adjacent runs on one warm suite (BENCHMARKS.md, issue 19,
# session 19). pgbench's own client is C.
LOADTOOL_EVENTSTORE_JAVA_OPTS=${LOADTOOL_EVENTSTORE_JAVA_OPTS:-"-XX:+UseSerialGC"}
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
  scripts/cpu-share.py --threads -- java $LOADTOOL_EVENTSTORE_JAVA_OPTS -jar "$JAR" "${nkey[@]}" --mode eventstore --seconds "$SECONDS_PER_LEVEL" --label "$LABEL"
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
  warm=(--concurrency "$CONCURRENCY")
  [ -z "$RATE" ] || warm=(--rate "$RATE")
  for round in $(seq 1 "$WARMUP_ROUNDS"); do
    jit=$(scripts/cpu-share.py --threads -- java $LOADTOOL_JAVA_OPTS -jar "$JAR" "${nkey[@]}" "${api[@]}" \
            --orders "$WARMUP_ORDERS" "${warm[@]}" --warmup 0 --label warmup --out "${TMPDIR:-/tmp}/bench-warmup" 2>&1 \
          | sed -n 's/^  all service JVMs: JIT compiler [0-9.]* CPU-s (\([0-9]*\)%).*/\1/p')
    echo "== warm-up round $round: $WARMUP_ORDERS orders at ${RATE:-$CONCURRENCY clients} (not measured), JIT compilers ${jit:-?} % of the services' CPU"
    [ -n "$jit" ] && [ "$jit" -lt "$JIT_SETTLED_PERCENT" ] && break
  done
fi
if [ "$WARMUP_ORDERS" -gt 0 ] && [ "$what" = eventstore ]; then
  # Also the log's statistics: analysed nearly empty (after ./suite reset), PostgreSQL plans the
  # append's version lookup as a scan of the whole events table, and with autovacuum off nothing
  # analyses it again while the run grows it (a first run after a reset fell to 0.04 of pgbench).
  echo "== warming the event store up: 10 s at 64 clients (not measured, label warmup)"
  java $LOADTOOL_EVENTSTORE_JAVA_OPTS -jar "$JAR" "${nkey[@]}" --mode eventstore --levels 64 --seconds 10 --label warmup | tail -n 2
fi
# The CPU of each process, second by second (scripts/cpu-watch.py show FILE prints it): for a run
# that stalls, with the load tool's consumer_backlog_per_second, who ran while the pipeline waited.
if [ "${WATCH:-0}" = 1 ]; then
  watch_file="results/watch-${LABEL:-run}-$(date -u +%Y%m%d-%H%M%S).log"
  scripts/cpu-watch.py record "$watch_file" &
  watcher=$!
  trap 'kill "$watcher" 2>/dev/null' EXIT
  echo "== recording each second into $watch_file"
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
