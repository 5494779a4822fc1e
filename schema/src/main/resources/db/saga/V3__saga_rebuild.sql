-- Where a rebuild of the saga's state from the event store's log stands (saga-coordinator's
-- `rebuild` mode): one row. A rebuild that crashed resumes after `position`; `target` is the
-- log's end when it started; `finished_at` is set once it got there.
-- Every statement can run again (see schema/README.md); checked by CockroachDialectTest.
CREATE TABLE IF NOT EXISTS saga_rebuild (
    id          INT         PRIMARY KEY,
    target      BIGINT      NOT NULL,
    position    BIGINT      NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ
);
