-- The relay's two questions about the rows still without a position (PositionAssigner), each
-- answered from a small index of exactly those rows, whatever the size of the log:
-- which lower versions of an aggregate are still unpositioned (an event's version n+1 can carry an
-- earlier enqueued_at than n when two nodes' clocks differ), and whether any row lacks V7's
-- columns (then the round orders from the log). Apart from V7: CockroachDB refuses a partial index
-- whose predicate names a column added in the same transaction (cockroachdb/cockroach#79691).
-- Neither predicate is implied by the pick's (position IS NULL), so the pick cannot use them and
-- keeps reading V5's index in enqueue order: with only "position IS NULL", PostgreSQL without
-- statistics chose a bitmap scan of the versions index for the pick and sorted every waiting row,
-- and a bitmap scan never marks dead index entries, so with autovacuum off each round read every
-- row enqueued since the last vacuum. The lookup's "aggregateid = ..." implies IS NOT NULL.
CREATE INDEX IF NOT EXISTS outbox_unpositioned_versions ON outbox (aggregateid, version)
    WHERE position IS NULL AND aggregateid IS NOT NULL;
CREATE INDEX IF NOT EXISTS outbox_unpositioned_unversioned ON outbox (enqueued_at) WHERE position IS NULL AND aggregateid IS NULL;
