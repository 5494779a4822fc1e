-- The order events the coordinator has seen, one row per aggregate version. The saga decides
-- from these instead of reading the order's history from the event store on every event: when
-- they are versions 1..n without a gap, they are the history up to n (every saga append is
-- checked against the version n it decided on, so a newer event in the store makes the append
-- fail and the history is read from the store again). A gap (an event that arrived before its
-- predecessors) also makes it read the store, and what it reads is written here.
-- Every statement can run again (see schema/README.md); checked by CockroachDialectTest.
CREATE TABLE IF NOT EXISTS saga_steps (
    order_id    TEXT           NOT NULL,
    version     BIGINT         NOT NULL,
    -- the event type after the stream name (created, paymentdebited, ...); NULL for a type the
    -- saga does not know: it still holds its version, so the history has no false gap
    kind        TEXT,
    reason      TEXT,
    customer_id TEXT,
    amount      DECIMAL(14, 2),
    -- the event's created_at in the event store
    at          TIMESTAMPTZ    NOT NULL,
    PRIMARY KEY (order_id, version)
);
