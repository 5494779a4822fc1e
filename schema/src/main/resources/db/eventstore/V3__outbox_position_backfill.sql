-- Outbox rows positioned before V2 keep their position. Apart from V2's DDL, since an engine
-- without transactional DDL (CockroachDB) may apply a file's statements one by one; and it can
-- run again: it only fills positions still missing (a released V2 ran this same UPDATE already,
-- and the relay writes a position into the outbox and the log together, so they agree).
UPDATE outbox SET position = (SELECT e.position FROM events e WHERE e.id = outbox.event_id)
 WHERE position IS NULL;
