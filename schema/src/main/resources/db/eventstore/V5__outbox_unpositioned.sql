-- The relay's pick of the oldest events still without a position: an index of exactly those rows,
-- in enqueue order, so the pick reads its batch off the front of the index whatever the backlog
-- (outbox_enqueued also holds the positioned rows waiting for their acks, and with stale statistics
-- after a burst PostgreSQL scanned every unpositioned row through outbox_position and sorted them:
-- 0.3 s a round with 230,000 waiting). Partial indexes: PostgreSQL and CockroachDB (20.2+) alike.
CREATE INDEX IF NOT EXISTS outbox_unpositioned ON outbox (enqueued_at) WHERE position IS NULL;
