-- The relay works from the outbox alone: it numbers and publishes outbox rows by their own
-- position, so its queries cost what the backlog costs, not what the whole log costs.
-- (Walking events in position order and probing the outbox got slower with every event
-- stored: about 1 s per round at 180,000 events.)
ALTER TABLE outbox ADD COLUMN position BIGINT;
CREATE INDEX outbox_position ON outbox (position);
-- Rows positioned before this migration keep their position.
UPDATE outbox SET position = (SELECT e.position FROM events e WHERE e.id = outbox.event_id);
