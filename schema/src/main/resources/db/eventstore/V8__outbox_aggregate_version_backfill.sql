-- Fills V7's columns for the rows still waiting for a position (the relay never orders the
-- others again). Apart from V7's DDL (an engine without transactional DDL, CockroachDB, applies
-- a file's statements one by one); it can run again: it only fills what is still missing.
UPDATE outbox SET aggregateid = (SELECT e.aggregateid FROM events e WHERE e.id = outbox.event_id),
                  version = (SELECT e.version FROM events e WHERE e.id = outbox.event_id)
 WHERE position IS NULL AND aggregateid IS NULL;
