-- outbox_enqueued (V1) has served no query since V5: the relay picks from the partial index
-- outbox_unpositioned, and everything else finds outbox rows by event_id or position. It was
-- still written twice per event (the append's insert and the relay's positioning update, which
-- cannot be HOT since position is indexed), at the right edge where every append inserts.
-- Unqualified, as PostgreSQL takes it; CockroachDB takes an unqualified index name too when it is
-- unique in the database (cockroach#10091, since 2016), as this one is.
DROP INDEX IF EXISTS outbox_enqueued;
