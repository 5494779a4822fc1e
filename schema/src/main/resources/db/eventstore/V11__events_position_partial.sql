-- events_position (V1) held an entry for every event, NULL while it had no position in its row. Since
-- V10 an event on PostgreSQL gets its position in event_positions and keeps NULL in its row for ever,
-- so each append wrote a NULL entry that no read can use (a read by position asks position > n,
-- which a partial index of the rows that have one answers). The partial index replaces it (V12 drops
-- the old one, apart: an engine without transactional DDL applies a file's statements one by one).
-- Building it reads the whole log once, with appends waiting meanwhile (seconds on millions of
-- events). PostgreSQL and CockroachDB (partial indexes since v20.2) alike.
CREATE UNIQUE INDEX IF NOT EXISTS events_position_set ON events (position) WHERE position IS NOT NULL;
