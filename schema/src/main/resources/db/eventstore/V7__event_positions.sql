-- Global positions in a narrow table of their own, written once per event by the relay (an
-- insert), instead of the wide events row: events.position was indexed, so positioning an event
-- was no HOT update but a new copy of the whole row and a new entry in every index of events
-- (id, (aggregateid, version), position), and a dead row (BENCHMARKS.md, "The ceiling of one
-- relay"). Readers join: by position (the primary key, the followers' walk) or by event (the
-- unique event_id, reads by id or aggregate). No foreign key to events: the relay inserts only
-- ids it has just read from events in the same transaction, and the key check per position locks
-- the events row (FOR KEY SHARE, a write to its page): 300,000 positions in batches of 500 took
-- 3.4-3.6 s with the key and 1.2-1.5 s without (about 7 us an event, a tenth of the relay's
-- PostgreSQL time per event). V8 copies existing positions; V9 drops the old column.
CREATE TABLE IF NOT EXISTS event_positions (
    position BIGINT PRIMARY KEY,
    event_id TEXT   NOT NULL UNIQUE
);
