#!/usr/bin/env bash
# Issue 19, "cost that does not grow with the log": the same closed-loop order bench
# (scripts/bench.sh orders) on the suite's log as it is, then again after EVENTS events were put
# into that log by `loadtool --mode generate-log`, and both side by side (scripts/bench-summary.py,
# one group per label: log-<events before>, log-<events after>).
#
#   ./suite reset && ./suite up && scripts/bench-big-log.sh    # an empty log, then 10,000,000 events
#   EVENTS=1000000 RUNS=1 scripts/bench-big-log.sh              # a quicker check
#   SKIP_EMPTY=1 scripts/bench-big-log.sh                       # only generate, then the bench
#   REMOVE_AFTER=1 scripts/bench-big-log.sh                     # then delete the generated events again
#                                                               # (a shared machine: the next bench finds the log as it was)
#
# generate-log writes the orders' events (created, paymentdebited, approved) straight into the
# suite's eventstoredb with COPY, after the log's end, while the suite runs (each chunk holds the
# log_position row lock the relay's numbering takes: loadtool/README.md); it writes no outbox rows,
# so the relay publishes none of them: they are history. About a minute per million events on the
# 2-core machine, about 7 GB of PostgreSQL data for 10 million. Then VACUUM ANALYZE and a
# CHECKPOINT, so the second bench meets the statistics and the quiet disk a log that grew over
# months would have, not the generator's write-back. Settings: those of scripts/bench.sh
# (RUNS, ORDERS, CONCURRENCY, WARMUP_ORDERS, API...), EVENTS, PGHOST/PGPORT/PGUSER, EVENTSTORE_DB.
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${EVENTS:-10000000}
export RUNS=${RUNS:-3} ORDERS=${ORDERS:-3000} CONCURRENCY=${CONCURRENCY:-64}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
DB=${EVENTSTORE_DB:-eventstoredb}
JAR=loadtool/target/loadtool-0.1.0-SNAPSHOT.jar
[ -f "$JAR" ] || mvn -B -q -pl loadtool -am package -DskipTests
events() { psql -d "$DB" -Atc "SELECT count(*) FROM events"; }
since=$(date -u +%Y%m%d-%H%M%S)

if [ "${SKIP_EMPTY:-0}" != 1 ]; then
  n=$(events); echo "== the bench on the log as it is: $n events"
  LABEL="log-$n" scripts/bench.sh orders | tee -a results/bench-big-log.log | grep -E '^==|problem|accepted'
fi
before=$(psql -d "$DB" -Atc "SELECT last_position FROM log_position WHERE id = 1")
generated_before=$(psql -d "$DB" -Atc "SELECT now()")
echo "== generate-log: $EVENTS events into $DB"
java -XX:TieredStopAtLevel=1 -jar "$JAR" --mode generate-log --events "$EVENTS" --eventstore-db "$DB" \
  --pg "jdbc:postgresql://$PGHOST:$PGPORT/" --pg-user "$PGUSER"
echo "== VACUUM ANALYZE events, CHECKPOINT"
psql -d "$DB" -qc "VACUUM ANALYZE events" -c "CHECKPOINT"
psql -d "$DB" -Atc "SELECT 'events table and indexes: ' || pg_size_pretty(pg_total_relation_size('events'))"
n=$(events); echo "== the same bench on a log of $n events"
LABEL="log-$n" scripts/bench.sh orders | tee -a results/bench-big-log.log | grep -E '^==|problem|accepted'
scripts/bench-summary.py --since="$since" results/*.json || true  # a summary problem must not skip REMOVE_AFTER
if [ "${REMOVE_AFTER:-0}" = 1 ]; then
  # The generated events: numbered after $before, and dated in the past by the generator (the
  # suite's own events of the bench carry the time they were appended, after $generated_before).
  echo "== removing the generated events (positions after $before, created before $generated_before)"
  psql -d "$DB" -qc "DELETE FROM events WHERE position > $before AND created_at < '$generated_before'" \
    -c "VACUUM ANALYZE events" -c "CHECKPOINT"
  n=$(events); echo "== the log holds $n events again"
fi
