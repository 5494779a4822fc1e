-- Each outbox row carries its event's aggregate and version, written by the append (the same
-- statement that stores the event), so the relay orders a batch from the outbox alone
-- (PositionAssigner): half the relay's database time went on probing the log's indexes for them,
-- and on a log of 10 million events those indexes no longer stay in memory.
-- NULL in rows written before this migration (V8 fills those still unpositioned) or by an older
-- event store during a rolling upgrade: the relay then orders that round from the log, as before.
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS aggregateid TEXT;
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS version BIGINT;
