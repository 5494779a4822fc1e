package io.eventstream.saga.jdbc;

import io.eventstream.saga.process.OrderProcess;
import io.eventstream.saga.process.SagaStore;
import io.eventstream.saga.process.Step;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The saga_orders table in sagadb. One upsert per save, guarded by the version the state was
 * derived from; serialization failures (SQLSTATE 40001) are retried. Runs unchanged on
 * PostgreSQL and CockroachDB.
 */
public class JdbcSagaStore implements SagaStore {

    private static final int ATTEMPTS = 5;

    private final JdbcClient jdbc;

    public JdbcSagaStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void save(OrderProcess process) {
        var created = process.created();
        retrying(() -> jdbc.sql("""
                        INSERT INTO saga_orders (order_id, state, reason, customer_id, amount, deadline_at,
                                                 awaiting_deadline, last_version, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, now())
                        ON CONFLICT (order_id) DO UPDATE SET
                            state = excluded.state, reason = excluded.reason, customer_id = excluded.customer_id,
                            amount = excluded.amount, deadline_at = excluded.deadline_at,
                            awaiting_deadline = excluded.awaiting_deadline, last_version = excluded.last_version,
                            updated_at = now()
                        WHERE saga_orders.last_version <= excluded.last_version""")
                .params(process.orderId(), process.state().label(), process.reason(),
                        created.map(Step::customerId).orElse(null), created.map(Step::amount).orElse(null),
                        process.deadlineAt().map(at -> at.atOffset(ZoneOffset.UTC)).orElse(null),
                        process.awaitingDeadline(), process.version())
                .update());
    }

    @Override
    public List<String> dueForDeadline(Instant now, int limit) {
        return retrying(() -> jdbc.sql("""
                        SELECT order_id FROM saga_orders
                         WHERE awaiting_deadline AND deadline_at <= ?
                         ORDER BY deadline_at LIMIT ?""")
                .params(now.atOffset(ZoneOffset.UTC), limit)
                .query(String.class).list());
    }

    private static <T> T retrying(Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (ConcurrencyFailureException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
