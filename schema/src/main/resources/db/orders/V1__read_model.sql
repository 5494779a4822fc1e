-- The order read model, written only by querymodel-worker and read by order-service.
-- orders and orderitems keep the original's columns (shared/CONTRACT.md); the rest are ours.
-- Every statement can run again (see schema/README.md); checked by CockroachDialectTest.
CREATE TABLE IF NOT EXISTS orders (
    id           TEXT          PRIMARY KEY,
    customerid   TEXT,
    status       TEXT          NOT NULL,
    -- A timestamp, not the original's DATE.
    createdon    TIMESTAMPTZ,
    restaurantid TEXT,
    amount       DECIMAL(14, 2),
    -- Highest aggregate version applied: an older event never overwrites a newer status,
    -- whatever order the events arrive in.
    last_version BIGINT        NOT NULL DEFAULT 0,
    -- Why the order reached its status (a rejection or cancellation reason), if any.
    reason       TEXT,
    updated_at   TIMESTAMPTZ   NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS orders_by_customer ON orders (customerid, createdon DESC, id);

CREATE TABLE IF NOT EXISTS orderitems (
    -- "<orderid>:<line number>": deterministic, so a redelivered event inserts nothing new.
    id         TEXT           PRIMARY KEY,
    orderid    TEXT           NOT NULL,
    customerid TEXT,
    code       TEXT           NOT NULL,
    name       TEXT           NOT NULL,
    unitprice  DECIMAL(14, 2) NOT NULL,
    quantity   INT            NOT NULL
);

CREATE INDEX IF NOT EXISTS orderitems_by_order ON orderitems (orderid);

-- Every status an order reached, one row per applied event version.
CREATE TABLE IF NOT EXISTS order_status_history (
    orderid    TEXT        NOT NULL,
    version    BIGINT      NOT NULL,
    status     TEXT        NOT NULL,
    event_id   TEXT        NOT NULL,
    event_type TEXT        NOT NULL,
    reason     TEXT,
    reached_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (orderid, version)
);
