-- The counter's one row (the released V1 inserted it with the tables): apart from the DDL, and
-- it can run again (an existing row, with its position, is kept).
INSERT INTO log_position (id, last_position) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
