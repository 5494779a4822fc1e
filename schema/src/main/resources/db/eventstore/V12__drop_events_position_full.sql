-- V11's partial index answers every read by position, so V1's full index goes (apart from V11: an
-- engine without transactional DDL applies a file's statements one by one). Unqualified, as in V6.
DROP INDEX IF EXISTS events_position;
