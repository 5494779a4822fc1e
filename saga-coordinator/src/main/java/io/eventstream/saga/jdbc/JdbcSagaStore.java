package io.eventstream.saga.jdbc;

import io.eventstream.common.sql.SqlRetry;
import io.eventstream.saga.process.Decisions;
import io.eventstream.saga.process.OrderProcess;
import io.eventstream.saga.process.SagaStore;
import io.eventstream.saga.process.Step;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The saga_orders and saga_steps tables in sagadb. One event alone: one statement per save and
 * one per recorded step (insert and read in one round trip), each its own transaction. A batch:
 * one transaction per round ({@link #recordAndDecide}). Serialization failures (SQLSTATE 40001)
 * and deadlocks are retried, a transaction as a whole. Every CTE has {@code RETURNING} (CockroachDB refuses
 * one without: https://github.com/cockroachdb/cockroach/blob/master/pkg/sql/opt/optbuilder/with.go, getCTECols);
 * the statements are checked against CockroachDB's restrictions by deploy-checks' {@code CockroachDialectTest}.
 */
public class JdbcSagaStore implements SagaStore {

    /**
     * The step's insert and the order's steps in one statement. On PostgreSQL the SELECT sees the
     * table as it was when the statement started, so not this insert: the caller adds the step
     * itself unless a row already holds its version, which is right whether or not the SELECT sees it.
     */
    private static final String RECORD = """
            WITH recorded AS (
                INSERT INTO saga_steps (order_id, version, kind, reason, customer_id, amount, at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (order_id, version) DO NOTHING
                RETURNING version)
            SELECT version, kind, reason, customer_id, amount, at FROM saga_steps WHERE order_id = ?""";

    private static final String REPLACE = """
            INSERT INTO saga_steps (order_id, version, kind, reason, customer_id, amount, at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (order_id, version) DO UPDATE SET
                kind = excluded.kind, reason = excluded.reason, customer_id = excluded.customer_id,
                amount = excluded.amount, at = excluded.at""";

    private static final String SAVE = """
            INSERT INTO saga_orders (order_id, state, reason, customer_id, amount, deadline_at,
                                     awaiting_deadline, last_version, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, now())
            ON CONFLICT (order_id) DO UPDATE SET
                state = excluded.state, reason = excluded.reason, customer_id = excluded.customer_id,
                amount = excluded.amount, deadline_at = excluded.deadline_at,
                awaiting_deadline = excluded.awaiting_deadline, last_version = excluded.last_version,
                updated_at = now()
            WHERE saga_orders.last_version <= excluded.last_version""";

    /** Most steps inserted by one statement (7 parameters each). */
    private static final int MAX_ROWS = 1000;

    private static final String STEP_COLUMNS = "order_id, version, kind, reason, customer_id, amount, at";

    private final JdbcTemplate template;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    public JdbcSagaStore(JdbcTemplate template) {
        this.template = template;
        this.jdbc = JdbcClient.create(template);
        // JdbcTransactionManager translates a failed commit too (CockroachDB may answer 40001 there).
        this.transactions = new TransactionTemplate(new JdbcTransactionManager(template.getDataSource()));
    }

    @Override
    public void save(OrderProcess process) {
        retrying(() -> template.update(SAVE, ps -> setSave(ps, process)));
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
        retrying(() -> template.batchUpdate(REPLACE, steps, steps.size(), (ps, s) -> setStep(ps, 1, orderId, s)));
    }

    @Override
    public List<Step> steps(String orderId) {
        return retrying(() -> jdbc.sql("SELECT version, kind, reason, customer_id, amount, at FROM saga_steps"
                        + " WHERE order_id = ?")
                .param(orderId).query(JdbcSagaStore::step).list());
    }

    /**
     * The round in one transaction: the histories read from the store (JDBC batch), the steps
     * and the read of the orders' recorded steps (one statement), the settled states (JDBC
     * batch), one commit. Rows go in by order id and version, so two batches touching the same
     * rows lock them in the same order. A retry runs it all again, {@code decide} included.
     */
    @Override
    public Decisions recordAndDecide(Map<String, List<Step>> steps, Map<String, List<Step>> read,
            Function<Map<String, List<Step>>, Decisions> decide) {
        return retrying(() -> transactions.execute(status -> {
            replaceAll(read);
            Decisions decisions = decide.apply(recordAll(steps));
            List<OrderProcess> save = decisions.toSave();
            if (!save.isEmpty()) {
                template.batchUpdate(SAVE, save, save.size(), JdbcSagaStore::setSave);
            }
            return decisions;
        }));
    }

    private void replaceAll(Map<String, List<Step>> read) {
        List<Map.Entry<String, Step>> rows = rows(read);
        if (!rows.isEmpty()) {
            template.batchUpdate(REPLACE, rows, rows.size(), (ps, row) -> setStep(ps, 1, row.getKey(), row.getValue()));
        }
    }

    /**
     * Inserts the steps (a version already recorded is kept) and answers every step recorded for
     * their orders: one statement, or one per {@link #MAX_ROWS} rows for a batch set far larger
     * than usual (the driver takes at most 32767 parameters).
     */
    private Map<String, List<Step>> recordAll(Map<String, List<Step>> steps) {
        Map<String, List<Step>> answer = new HashMap<>();
        Map<String, List<Step>> chunk = new TreeMap<>();
        int rows = 0;
        for (Map.Entry<String, List<Step>> order : new TreeMap<>(steps).entrySet()) {
            chunk.put(order.getKey(), order.getValue());
            rows += order.getValue().size();
            if (rows >= MAX_ROWS) {
                answer.putAll(recordChunk(chunk));
                chunk = new TreeMap<>();
                rows = 0;
            }
        }
        if (!chunk.isEmpty()) {
            answer.putAll(recordChunk(chunk));
        }
        return answer;
    }

    /**
     * One statement: the insert of the steps, and the select of every step of their orders. As
     * in {@link #record}, the SELECT does not see the insert: a step is added to its order's
     * answer unless a row already holds its version.
     */
    private Map<String, List<Step>> recordChunk(Map<String, List<Step>> steps) {
        List<Map.Entry<String, Step>> rows = rows(steps);
        List<String> orders = List.copyOf(steps.keySet());
        String sql = "WITH recorded AS (INSERT INTO saga_steps (" + STEP_COLUMNS + ") VALUES "
                + String.join(", ", Collections.nCopies(rows.size(), "(?, ?, ?, ?, ?, ?, ?)"))
                + " ON CONFLICT (order_id, version) DO NOTHING RETURNING version) SELECT " + STEP_COLUMNS
                + " FROM saga_steps WHERE order_id IN (" + String.join(", ", Collections.nCopies(orders.size(), "?"))
                + ")";
        Map<String, Map<Long, Step>> recorded = new HashMap<>();
        template.query(sql, ps -> {
            int index = 1;
            for (Map.Entry<String, Step> row : rows) {
                index = setStep(ps, index, row.getKey(), row.getValue());
            }
            for (String orderId : orders) {
                ps.setString(index++, orderId);
            }
        }, rs -> {
            recorded.computeIfAbsent(rs.getString("order_id"), id -> new HashMap<>()).put(rs.getLong("version"),
                    step(rs, 0));
        });
        Map<String, List<Step>> answer = new HashMap<>();
        steps.forEach((orderId, mine) -> {
            Map<Long, Step> all = recorded.computeIfAbsent(orderId, id -> new HashMap<>());
            mine.forEach(step -> all.putIfAbsent(step.version(), step));
            answer.put(orderId, List.copyOf(all.values()));
        });
        return answer;
    }

    /** The rows by order id and version (one lock order for every batch), a version once per order. */
    private static List<Map.Entry<String, Step>> rows(Map<String, List<Step>> steps) {
        List<Map.Entry<String, Step>> rows = new ArrayList<>();
        new TreeMap<>(steps).forEach((orderId, list) -> {
            Map<Long, Step> byVersion = new TreeMap<>();
            list.forEach(step -> byVersion.putIfAbsent(step.version(), step));
            byVersion.values().forEach(step -> rows.add(Map.entry(orderId, step)));
        });
        return rows;
    }

    private static int setStep(PreparedStatement ps, int index, String orderId, Step step) throws SQLException {
        ps.setString(index, orderId);
        ps.setLong(index + 1, step.version());
        ps.setString(index + 2, kind(step));
        ps.setString(index + 3, step.reason());
        ps.setString(index + 4, step.customerId());
        ps.setBigDecimal(index + 5, step.amount());
        ps.setObject(index + 6, utc(step.at()));
        return index + 7;
    }

    private static void setSave(PreparedStatement ps, OrderProcess process) throws SQLException {
        var created = process.created();
        ps.setString(1, process.orderId());
        ps.setString(2, process.state().label());
        ps.setString(3, process.reason());
        ps.setString(4, created.map(Step::customerId).orElse(null));
        ps.setBigDecimal(5, created.map(Step::amount).orElse(null));
        ps.setObject(6, process.deadlineAt().map(JdbcSagaStore::utc).orElse(null));
        ps.setBoolean(7, process.awaitingDeadline());
        ps.setLong(8, process.version());
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

    /** Common's one policy for 40001 and 40P01 ({@link SqlRetry}): the statement or transaction runs again, whole. */
    private static <T> T retrying(Supplier<T> work) {
        return SqlRetry.call(attempt -> work.get());
    }
}
