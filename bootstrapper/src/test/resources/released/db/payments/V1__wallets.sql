-- The payment worker's own database (paymentsdb): wallets and the payments made from them.
-- Runs unchanged on PostgreSQL and CockroachDB.

-- One wallet per customer, opened with the configured credit at the customer's first order.
-- Invariant: opening_credit - sum(debits) + sum(refunds) = balance.
CREATE TABLE wallets (
    customer_id    TEXT           PRIMARY KEY,
    opening_credit DECIMAL(14, 2) NOT NULL,
    balance        DECIMAL(14, 2) NOT NULL CHECK (balance >= 0),
    updated_at     TIMESTAMPTZ    NOT NULL DEFAULT now()
);

-- At most one debit and one refund per order: the key makes each happen once, and the row
-- is written in the same transaction as the balance change it records.
CREATE TABLE payments (
    order_id    TEXT           NOT NULL,
    -- 'debit' or 'refund'
    kind        TEXT           NOT NULL,
    customer_id TEXT           NOT NULL,
    amount      DECIMAL(14, 2) NOT NULL,
    -- debit: 'debited' or 'failed' (balance too low: nothing moved); refund: 'refunded'
    outcome     TEXT           NOT NULL,
    reason      TEXT,
    created_at  TIMESTAMPTZ    NOT NULL DEFAULT now(),
    PRIMARY KEY (order_id, kind)
);

CREATE INDEX payments_by_customer ON payments (customer_id);
