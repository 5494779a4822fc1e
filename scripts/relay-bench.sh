#!/usr/bin/env bash
# The ceiling of one outbox relay, and of a GetEventsStream catch-up over the log it leaves: the
# commands of loadtool/README.md ("--mode relay-drain", "--mode catch-up"), run on a bench suite of
# its own that is removed afterwards (nothing of ./suite's is touched).
#
#   scripts/relay-bench.sh                          # 1,000,000 events, 3 catch-up runs per reader executor
#   EVENTS=20000 RUNS=1 scripts/relay-bench.sh      # a quick check
#
# Steps: fresh databases rb<time>_es/_orders/_pay/_saga and a JetStream stream RB<time> (subjects
# RB<time>.*, dead letters RB<time>_DLQ) made by the bootstrapper, with certificates of their own;
# ONE eventstore-service jar on ports of its own (gRPC 52931, HTTP 18931) with the suite's JVM
# flags, as shipped; `loadtool --mode relay-drain --events EVENTS` (one transaction puts EVENTS
# unpublished events into the empty outbox; the store's relay drains it to the stream); VACUUM
# ANALYZE of the event store database; then `loadtool --mode catch-up --runs RUNS
# --reader-executor X` for each X in EXECUTORS. On exit, whatever happened: the store is stopped,
# the four databases dropped, the stream and its _DLQ stream deleted.
#
# Reading the output (also in results/<UTC time>-relay-<LABEL>.txt):
#   "N events drained in S s: R events/s (commit to empty outbox)"  the relay's ceiling
#   "on the stream: first to last message ..."   publishing alone (JetStream's timestamps)
#   "CPU over the drain: store ..., PostgreSQL (all) ..."  CPU per event; PostgreSQL counts every database
#   "verified: ..., 0 duplicates, 0 foreign, 0 missing"    every event on the stream exactly once
#   "run i: N events in S s: R events/s (positions 1..N each once, in order)"  one catch-up read;
#     executor default = a reader built like the services, direct = closer to what the store serves
#   "CPU over the runs: store ..., this reader ..."  on 2 cores the reader competes with the store
# Exit status: non-zero when a step or a loadtool check failed (the output says which).
#
# Settings: EVENTS (1000000), RUNS (3), EXECUTORS ("default direct"), LABEL (relay),
# STORE_JAVA_OPTS (the suite's: JAVA_OPTS_EVENTSTORE_SERVICE, else JAVA_OPTS, else ./suite's default),
# GRPC_PORT (52931), HTTP_PORT (18931), NATS_URL (nats://127.0.0.1:4222, without authorization),
# PGHOST/PGPORT/PGUSER (127.0.0.1/5432/postgres, trust). Jars: mvn -B -o -q -DskipTests package.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = --help ] || [ "${1:-}" = -h ]; then sed -n '2,31p' "$0" | sed 's/^# \{0,1\}//'; exit 0; fi
[ $# = 0 ] || { echo "relay-bench: no arguments but --help (settings are environment variables)" >&2; exit 2; }

EVENTS=${EVENTS:-1000000} RUNS=${RUNS:-3} EXECUTORS=${EXECUTORS:-"default direct"} LABEL=${LABEL:-relay}
# The suite's JVM flags for the store: its JAVA_OPTS default, read from ./suite so that they stay the same.
SUITE_OPTS=$(scripts/suite-java-opts.sh)
STORE_JAVA_OPTS=${STORE_JAVA_OPTS:-${JAVA_OPTS_EVENTSTORE_SERVICE:-${JAVA_OPTS:-$SUITE_OPTS}}}
GRPC_PORT=${GRPC_PORT:-52931} HTTP_PORT=${HTTP_PORT:-18931} NATS_URL=${NATS_URL:-nats://127.0.0.1:4222}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
V=0.1.0-SNAPSHOT
BOOT=bootstrapper/target/bootstrapper-$V.jar STORE=eventstore-service/target/eventstore-service-$V.jar
LOAD=loadtool/target/loadtool-$V.jar
for jar in $BOOT $STORE $LOAD; do
  [ -f "$jar" ] || { echo "relay-bench: $jar is missing: mvn -B -o -q -DskipTests package" >&2; exit 1; }
done
for port in "$GRPC_PORT" "$HTTP_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "relay-bench: port $port is taken" >&2; exit 1; fi
done

STAMP=$(date -u +%Y%m%d-%H%M%S)
ID=${STAMP/-/} STREAM=RB${STAMP/-/}
ES=rb${ID}_es DBS="rb${ID}_es rb${ID}_orders rb${ID}_pay rb${ID}_saga"
taken=$(psql -d postgres -Atc "SELECT count(*) FROM pg_database WHERE datname LIKE 'rb${ID}\_%'")
[ "$taken" = 0 ] || { echo "relay-bench: databases rb${ID}_* exist already (another run this second?)" >&2; exit 1; }
OUT=results/$STAMP-relay-$LABEL.txt
TMP=$(mktemp -d /tmp/relay-bench.XXXXXX)
STORE_PID=""

cleanup() {
  local status=$? db pid=$STORE_PID
  set +e
  trap - EXIT INT TERM
  echo "== cleanup"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    echo "store (pid $pid) stopped"
  fi
  case $status in 0|130|143) ;; *) [ ! -s "$TMP/store.log" ] || { echo "the store's log, its end:"; tail -n 20 "$TMP/store.log"; } ;; esac
  for db in $DBS; do psql -d postgres -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" && echo "database $db: dropped"; done
  # The streams the bootstrapper says it created (not one that was there before).
  local streams
  streams=$(sed -n "s/^ *stream \(${STREAM}\(_DLQ\)\{0,1\}\): created$/\1/p" "$TMP/bootstrap.log" 2>/dev/null)
  if [ -n "$streams" ] && command -v nats >/dev/null; then
    for s in $streams; do nats --server "$NATS_URL" stream rm -f "$s" && echo "stream $s: deleted"; done
  elif [ -n "$streams" ]; then
    local jnats; jnats=$(sed -n 's:.*<jnats.version>\(.*\)</jnats.version>.*:\1:p' pom.xml)
    cat >"$TMP/DeleteStreams.java" <<'EOF'
import io.nats.client.*;
public class DeleteStreams {
    public static void main(String[] a) throws Exception {
        try (Connection nc = Nats.connect(a[0])) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            for (int i = 1; i < a.length; i++) {
                try { jsm.deleteStream(a[i]); System.out.println("stream " + a[i] + ": deleted"); }
                catch (JetStreamApiException e) { System.out.println("stream " + a[i] + ": " + e.getErrorDescription()); }
            }
        }
    }
}
EOF
    # shellcheck disable=SC2086 # one argument per stream
    java -cp "$HOME/.m2/repository/io/nats/jnats/$jnats/jnats-$jnats.jar" "$TMP/DeleteStreams.java" "$NATS_URL" $streams
  fi
  rm -rf "$TMP"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

{ echo "== relay-bench $STAMP UTC, label $LABEL: EVENTS=$EVENTS RUNS=$RUNS EXECUTORS=\"$EXECUTORS\""
  echo "commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo ' + uncommitted changes');" \
    "store: java $STORE_JAVA_OPTS; databases rb${ID}_*, stream $STREAM; load average $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT"

echo "== bootstrap: certificates, stream $STREAM, databases rb${ID}_*"
java -jar "$BOOT" certs --dir "$TMP/pki" | sed 's/^/  /'
java -jar "$BOOT" --stream "$STREAM" --eventstore-db "$ES" --orders-db "rb${ID}_orders" --payments-db "rb${ID}_pay" \
  --saga-db "rb${ID}_saga" --nats-url "$NATS_URL" --db-admin-url "jdbc:postgresql://$PGHOST:$PGPORT/postgres" \
  --db-admin-user "$PGUSER" | sed 's/^/  /' | tee "$TMP/bootstrap.log"
if grep -q "stream $STREAM: exists" "$TMP/bootstrap.log"; then echo "relay-bench: stream $STREAM existed already" >&2; exit 1; fi

echo "== eventstore-service on gRPC $GRPC_PORT, HTTP $HTTP_PORT (log $TMP/store.log)"
tracing=""  # as ./suite: without a Zipkin, spans are not sent at all
curl -fs -o /dev/null http://127.0.0.1:9411/health 2>/dev/null || tracing=--management.tracing.export.zipkin.enabled=false
# shellcheck disable=SC2086 # the JVM flags are words
EVENTSTREAM_TLS_DIR="$TMP/pki" EVENTSTREAM_NATS_NKEYFILE="" java $STORE_JAVA_OPTS -jar "$STORE" $tracing \
  --spring.grpc.server.port="$GRPC_PORT" --server.port="$HTTP_PORT" --eventstream.nats.stream="$STREAM" \
  --eventstream.nats.url="$NATS_URL" --spring.datasource.url="jdbc:postgresql://$PGHOST:$PGPORT/$ES" \
  >"$TMP/store.log" 2>&1 &
STORE_PID=$!
for i in $(seq 1 361); do
  curl -fs -o /dev/null "http://127.0.0.1:$HTTP_PORT/actuator/health/readiness" && break
  kill -0 "$STORE_PID" 2>/dev/null || { echo "relay-bench: the store exited" >&2; exit 1; }
  [ "$i" -lt 361 ] || { echo "relay-bench: the store is not ready after 3 minutes" >&2; exit 1; }
  sleep 0.5
done
echo "store ready (pid $STORE_PID)"

echo "== relay-drain: $EVENTS events" | tee -a "$OUT"
java -jar "$LOAD" --mode relay-drain --events "$EVENTS" --stream "$STREAM" --nats "$NATS_URL" \
  --pg "jdbc:postgresql://$PGHOST:$PGPORT/" --pg-user "$PGUSER" --eventstore-db "$ES" --store-pid "$STORE_PID" 2>&1 | tee -a "$OUT"
echo "== VACUUM ANALYZE $ES" | tee -a "$OUT"
psql -d "$ES" -qc "VACUUM ANALYZE"
for executor in $EXECUTORS; do
  echo "== catch-up: --runs $RUNS --reader-executor $executor" | tee -a "$OUT"
  java -jar "$LOAD" --mode catch-up --runs "$RUNS" --reader-executor "$executor" --eventstore "127.0.0.1:$GRPC_PORT" \
    --tls-dir "$TMP/pki" --store-pid "$STORE_PID" 2>&1 | tee -a "$OUT"
done
echo "== results: $OUT"
