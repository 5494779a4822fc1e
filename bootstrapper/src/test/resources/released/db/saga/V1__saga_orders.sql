-- The saga coordinator's own database (sagadb): the process state of every order it has seen.
-- The order's events in the event store are the truth; a row is what the coordinator last
-- derived from them, kept so that deadlines survive a restart and can be found by a scan.
-- Runs unchanged on PostgreSQL and CockroachDB.
CREATE TABLE saga_orders (
    order_id          TEXT           PRIMARY KEY,
    -- Started, PaymentDebited, Compensating, Approved, Rejected, Cancelled
    state             TEXT           NOT NULL,
    reason            TEXT,
    customer_id       TEXT,
    amount            DECIMAL(14, 2),
    -- created_at of the order + the configured deadline
    deadline_at       TIMESTAMPTZ,
    -- true while nothing has stopped the order yet: the deadline scan looks only at these
    awaiting_deadline BOOLEAN        NOT NULL,
    -- the aggregate version the row was derived from: an older view never overwrites a newer one
    last_version      BIGINT         NOT NULL,
    updated_at        TIMESTAMPTZ    NOT NULL DEFAULT now()
);

CREATE INDEX saga_orders_due ON saga_orders (awaiting_deadline, deadline_at);
