-- Orders and revenue per restaurant per hour (issue 18, "a new view from the past"), written by
-- querymodel-worker in the same transaction as the order row it follows from, and back-filled from
-- the event store's log by --rebuild (a generation has this table too). Every statement can run again.
--
-- An order counts once: placed (its created event applied) in the hour of its createdon (UTC), and,
-- once Approved, its amount as revenue. Whether an order is counted already is kept on its row
-- (hourly_placed, hourly_approved), so a redelivered or late event never counts it twice.
ALTER TABLE orders ADD COLUMN IF NOT EXISTS hourly_placed BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE orders ADD COLUMN IF NOT EXISTS hourly_approved BOOLEAN NOT NULL DEFAULT false;

CREATE TABLE IF NOT EXISTS restaurant_hourly (
    restaurantid TEXT           NOT NULL,
    -- The hour's start, UTC.
    hour         TIMESTAMPTZ    NOT NULL,
    -- Orders placed in the hour (by createdon), whatever became of them.
    placed       BIGINT         NOT NULL DEFAULT 0,
    -- Of those, the ones Approved so far, and the sum of their amounts.
    approved     BIGINT         NOT NULL DEFAULT 0,
    revenue      DECIMAL(16, 2) NOT NULL DEFAULT 0,
    PRIMARY KEY (restaurantid, hour)
);
