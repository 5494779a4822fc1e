-- The positions handed out before V7, copied (apart from V7's DDL, as V3 is from V2). It can run
-- again: a position copied already is skipped.
INSERT INTO event_positions (position, event_id)
SELECT position, id FROM events WHERE position IS NOT NULL
ON CONFLICT (position) DO NOTHING;
