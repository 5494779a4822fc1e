-- Positions live in event_positions (V7, V8); the log's own column and its index go, so an append
-- no longer inserts a NULL into events_position. The original's events table never had the column
-- (docs/contract.md). Index first, as both engines take it (CockroachDB drops an index on a dropped
-- column by itself since v20.2: https://www.cockroachlabs.com/docs/v20.2/drop-column; unqualified
-- index names as in V6). The column's name quoted: JSqlParser (CockroachDialectTest) reads a bare
-- POSITION as the string function; both engines take the quoted name as the same identifier.
DROP INDEX IF EXISTS events_position;
ALTER TABLE events DROP COLUMN IF EXISTS "position";
