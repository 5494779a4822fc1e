-- Which generation of the read model's tables holds the live names, written by a rebuild
-- (querymodel-worker --rebuild): it fills orders_g<N>, orderitems_g<N>, order_status_history_g<N>
-- from the event store's log, then renames them to orders, orderitems, order_status_history.
-- The tables Flyway created (V1) are generation 1. Every statement can run again.
CREATE TABLE IF NOT EXISTS read_model_generation (
    id          INT         PRIMARY KEY,
    generation  BIGINT      NOT NULL,
    -- The log position the live generation's rebuild had applied when it took the live names;
    -- a rebuild that stopped after its switch goes on from here (see the worker's README).
    position    BIGINT      NOT NULL DEFAULT 0,
    switched_at TIMESTAMPTZ
);
