-- The event log. Columns id..stream are the original's (shared/CONTRACT.md); the rest
-- are ours. Runs unchanged on PostgreSQL and CockroachDB.
CREATE TABLE events (
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
CREATE UNIQUE INDEX events_position ON events (position);

-- Events committed but not yet acknowledged by JetStream. Written in the same
-- transaction as the event; deleted once JetStream has acked the publish.
CREATE TABLE outbox (
    event_id    TEXT        PRIMARY KEY REFERENCES events (id),
    -- clock_timestamp(), not now(): close to the commit, so publish lag is measured from here.
    enqueued_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX outbox_enqueued ON outbox (enqueued_at);

-- The last global position handed out. One row; only the relay that holds the lease
-- writes it, in batches, so it is never a per-append hot spot.
CREATE TABLE log_position (
    id            INT    PRIMARY KEY,
    last_position BIGINT NOT NULL
);
INSERT INTO log_position (id, last_position) VALUES (1, 0);

-- Which event store instance runs the relay. An instance publishes only while its
-- lease is current; another takes over when it lapses.
CREATE TABLE relay_lease (
    name       TEXT        PRIMARY KEY,
    owner      TEXT        NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
