package io.eventstream.saga.jdbc;

import io.eventstream.saga.process.OrderProcess;
import io.eventstream.saga.process.SagaStore;
import io.eventstream.saga.process.Step;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The saga_orders and saga_steps tables in sagadb. One statement per save and one per
 * recorded step (insert and read in one round trip), each its own transaction; serialization
 * failures (SQLSTATE 40001) are retried. Runs unchanged on PostgreSQL and CockroachDB.
 */
public class JdbcSagaStore implements SagaStore {

    private static final int ATTEMPTS = 5;

    /**
     * The step's insert and the order's steps in one statement. The SELECT sees the table as it
     * was when the statement started, so not this insert: the caller adds the step itself.
     */
    private static final String RECORD = """
            WITH recorded AS (
                INSERT INTO saga_steps (order_id, version, kind, reason, customer_id, amount, at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (order_id, version) DO NOTHING)
            SELECT version, kind, reason, customer_id, amount, at FROM saga_steps WHERE order_id = ?""";

    private static final String REPLACE = """
            INSERT INTO saga_steps (order_id, version, kind, reason, customer_id, amount, at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (order_id, version) DO UPDATE SET
                kind = excluded.kind, reason = excluded.reason, customer_id = excluded.customer_id,
                amount = excluded.amount, at = excluded.at""";

    private final JdbcTemplate template;
    private final JdbcClient jdbc;

    public JdbcSagaStore(JdbcTemplate template) {
        this.template = template;
        this.jdbc = JdbcClient.create(template);
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
                        process.deadlineAt().map(JdbcSagaStore::utc).orElse(null),
                        process.awaitingDeadline(), process.version())
                .update());
    }

    @Override
    public List<String> dueForDeadline(Instant now, int limit) {
        return retrying(() -> jdbc.sql("""
                        SELECT order_id FROM saga_orders
                         WHERE awaiting_deadline AND deadline_at <= ?
                         ORDER BY deadline_at LIMIT ?""")
                .params(utc(now), limit)
                .query(String.class).list());
    }

    @Override
    public List<Step> record(String orderId, Step step) {
        List<Step> recorded = retrying(() -> jdbc.sql(RECORD)
                .params(orderId, step.version(), kind(step), step.reason(), step.customerId(), step.amount(),
                        utc(step.at()), orderId)
                .query(JdbcSagaStore::step).list());
        if (recorded.stream().anyMatch(s -> s.version() == step.version())) {
            return recorded;
        }
        List<Step> all = new ArrayList<>(recorded);
        all.add(step);
        return all;
    }

    @Override
    public void replace(String orderId, List<Step> steps) {
        retrying(() -> template.batchUpdate(REPLACE, steps, steps.size(), (ps, s) -> {
            ps.setString(1, orderId);
            ps.setLong(2, s.version());
            ps.setString(3, kind(s));
            ps.setString(4, s.reason());
            ps.setString(5, s.customerId());
            ps.setBigDecimal(6, s.amount());
            ps.setObject(7, utc(s.at()));
        }));
    }

    @Override
    public List<Step> steps(String orderId) {
        return retrying(() -> jdbc.sql("SELECT version, kind, reason, customer_id, amount, at FROM saga_steps"
                        + " WHERE order_id = ?")
                .param(orderId).query(JdbcSagaStore::step).list());
    }

    private static Step step(ResultSet rs, int row) throws SQLException {
        String kind = rs.getString("kind");
        return new Step(kind == null ? null : Step.Kind.ofSuffix(kind), rs.getLong("version"), rs.getString("reason"),
                rs.getString("customer_id"), rs.getBigDecimal("amount"),
                rs.getObject("at", OffsetDateTime.class).toInstant());
    }

    private static String kind(Step step) {
        return step.kind() == null ? null : step.kind().suffix();
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
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
