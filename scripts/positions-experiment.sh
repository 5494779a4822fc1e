#!/usr/bin/env bash
# Where should a relay write an event's position? A PostgreSQL-only experiment on a scratch
# database (positions_experiment, dropped at the end), no service involved. BENCHMARKS.md,
# "Issue 19, session 11", has its results and what they say about the relay.
#
#  1. The relay's write: number N events in rounds of 500, as PositionAssigner does,
#     (a) by updating events.position, as the store does: the column is indexed, so every update
#         is a new copy of the wide row and an entry in each of events' three indexes, two of
#         them on random keys (the event id and the aggregate id);
#     (b) by inserting (position, seq) into a narrow table, where seq is the events row's own
#         number, given at insert (an identity column): the events row is never written again.
#  2. What (b) costs the readers by position (GetEventsStream's catch-up, the followers): one page
#     of 1,000 events after a position, read (a) from events' position index, (b) through the narrow
#     table joined to events by id (session 9's event_positions, measured and not kept), (c) joined
#     by seq. Execution time of EXPLAIN ANALYZE, median of 3, at three offsets.
#
#   scripts/positions-experiment.sh [events]      # default 200000; PGHOST/PGUSER as psql's
set -euo pipefail
n=${1:-200000}
export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-postgres}
db=positions_experiment
sql() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@"; }
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true' EXIT

# The events table of schema/V1 plus seq, filled with n events as appends would write them.
fresh() {
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null 2>&1
  sql <<SQL
CREATE TABLE events (
  id TEXT PRIMARY KEY, eventtype TEXT NOT NULL, aggregateid TEXT NOT NULL, aggregatetype TEXT NOT NULL,
  eventdata JSONB, stream TEXT NOT NULL, version BIGINT NOT NULL, position BIGINT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(), payload TEXT, metadata JSONB NOT NULL DEFAULT '{}',
  seq BIGINT GENERATED ALWAYS AS IDENTITY,
  CONSTRAINT events_aggregate_version UNIQUE (aggregateid, version));
CREATE UNIQUE INDEX events_position ON events (position);
CREATE UNIQUE INDEX events_seq ON events (seq);
CREATE TABLE positions_by_seq (position BIGINT PRIMARY KEY, seq BIGINT NOT NULL UNIQUE);
CREATE TABLE positions_by_id (position BIGINT PRIMARY KEY, event_id TEXT NOT NULL UNIQUE);
INSERT INTO events (id, eventtype, aggregateid, aggregatetype, eventdata, stream, version, payload, metadata)
SELECT gen_random_uuid()::text, 'ORDERS.OrderCreated', gen_random_uuid()::text, 'order', body::jsonb, 'ORDERS', 1, body,
       ('{"traceparent":"00-' || md5(g::text) || '-' || substr(md5(g::text), 1, 16) || '-01"}')::jsonb
  FROM generate_series(1, $n) g,
       LATERAL (SELECT '{"orderId":"' || g || '","customerId":"c1","items":[{"productId":"p1","quantity":2,"price":10.5}],"total":21.0}' AS body) b;
-- Commit order is not insert order: positions follow seq, shuffled within windows of 64.
CREATE TABLE numbering AS SELECT row_number() OVER (ORDER BY seq / 64, random()) AS position, seq, id FROM events;
CREATE INDEX ON numbering (position);
VACUUM ANALYZE;
CHECKPOINT;
SQL
}

# Numbers every event in rounds of 500 with the statement given (:lo and :hi bound a round's positions).
number() {
  local statement=$1 lsn0 lsn1 t0 t1
  lsn0=$(sql -c "SELECT pg_current_wal_lsn()")
  t0=$(date +%s.%N)
  sql <<SQL
DO \$\$
DECLARE lo bigint := 0;
BEGIN
  WHILE lo < $n LOOP
    EXECUTE format('$statement', lo, lo + 500);
    lo := lo + 500;
    COMMIT;
  END LOOP;
END \$\$;
SQL
  t1=$(date +%s.%N)
  lsn1=$(sql -c "SELECT pg_current_wal_lsn()")
  printf '%8.1f us an event, %6.0f bytes of WAL an event\n' \
    "$(echo "($t1 - $t0) * 1000000 / $n" | bc -l)" "$(sql -c "SELECT pg_wal_lsn_diff('$lsn1', '$lsn0') / $n")"
}

page_ms() {
  local query=$1 offset
  for offset in $((n / 10)) $((n / 2)) $((n * 9 / 10)); do
    for _ in 1 2 3; do
      sql -c "EXPLAIN (ANALYZE) ${query//:from/$offset}" | sed -n 's/^Execution Time: \([0-9.]*\) ms/\1/p'
    done | sort -n | sed -n 2p
  done | tr '\n' ' '
}

echo "== 1. the relay's write, $n events in rounds of 500 ($(psql -X -At -d postgres -c 'SHOW server_version'))"
fresh
printf '  (a) UPDATE events SET position:            '
number 'UPDATE events e SET position = n.position FROM numbering n WHERE n.position > %s AND n.position <= %s AND e.seq = n.seq'
printf '  (b) INSERT INTO positions_by_seq:          '
number 'INSERT INTO positions_by_seq (position, seq) SELECT position, seq FROM numbering WHERE position > %s AND position <= %s'
printf '      INSERT INTO positions_by_id:           '
number 'INSERT INTO positions_by_id (position, event_id) SELECT position, id FROM numbering WHERE position > %s AND position <= %s'
sql -c "VACUUM ANALYZE"

echo "== 2. one page of 1,000 events after a position, ms (median of 3; at 10 %, 50 %, 90 % of the log)"
printf '  (a) events by its position index:           %s\n' \
  "$(page_ms 'SELECT e.* FROM events e WHERE e.position > :from ORDER BY e.position LIMIT 1000')"
printf '  (b) positions_by_id, events by id:          %s\n' \
  "$(page_ms 'SELECT e.*, p.position FROM positions_by_id p JOIN events e ON e.id = p.event_id WHERE p.position > :from ORDER BY p.position LIMIT 1000')"
printf '  (c) positions_by_seq, events by seq:        %s\n' \
  "$(page_ms 'SELECT e.*, p.position FROM positions_by_seq p JOIN events e ON e.seq = p.seq WHERE p.position > :from ORDER BY p.position LIMIT 1000')"
