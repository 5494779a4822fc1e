-- The event log. Columns id..stream are the original's (shared/CONTRACT.md); the rest
-- are ours. Every statement can run again (see schema/README.md); checked by
-- CockroachDialectTest.
CREATE TABLE IF NOT EXISTS events (
    id            TEXT        PRIMARY KEY,
    eventtype     TEXT        NOT NULL,
    aggregateid   TEXT        NOT NULL,
    aggregatetype TEXT        NOT NULL,
    -- JSONB for queries; it normalises the text, so the exact bytes live in payload.
    eventdata     JSONB,
    stream        TEXT        NOT NULL,
    version       BIGINT      NOT NULL,
    -- Global position: assigned after commit by the outbox relay, gapless and in commit
    -- order (see outbox.PositionAssigner). NULL until then.
    position      BIGINT,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    payload       TEXT,
    metadata      JSONB       NOT NULL DEFAULT '{}',
    CONSTRAINT events_aggregate_version UNIQUE (aggregateid, version)
);

-- Both engines allow many NULLs in a unique index.
CREATE UNIQUE INDEX IF NOT EXISTS events_position ON events (position);

-- Events committed but not yet acknowledged by JetStream. Written in the same
-- transaction as the event; deleted once JetStream has acked the publish.
CREATE TABLE IF NOT EXISTS outbox (
    event_id    TEXT        PRIMARY KEY REFERENCES events (id),
    -- clock_timestamp(), not now(): close to the commit, so publish lag is measured from here.
    enqueued_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX IF NOT EXISTS outbox_enqueued ON outbox (enqueued_at);

-- The last global position handed out. One row (V4 inserts it); only the relay that holds
-- the lease writes it, in batches, so it is never a per-append hot spot.
CREATE TABLE IF NOT EXISTS log_position (
    id            INT    PRIMARY KEY,
    last_position BIGINT NOT NULL
);

-- Which event store instance runs the relay. An instance publishes only while its
-- lease is current; another takes over when it lapses.
CREATE TABLE IF NOT EXISTS relay_lease (
    name       TEXT        PRIMARY KEY,
    owner      TEXT        NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
