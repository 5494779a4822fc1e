package io.eventstream.saga.jdbc;

import io.eventstream.common.sql.SqlRetry;
import io.eventstream.saga.rebuild.SagaRows;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;

/** sagadb read whole for {@code --verify} (one query per table). */
public class JdbcSagaRows implements SagaRows {

    static final String ORDERS = "SELECT order_id, state, reason, customer_id, amount, last_version FROM saga_orders";
    static final String STEPS = "SELECT order_id, version, kind, reason, customer_id, amount FROM saga_steps";

    private final JdbcTemplate jdbc;

    public JdbcSagaRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<String, OrderRow> orders() {
        Map<String, OrderRow> rows = new HashMap<>();
        SqlRetry.call(attempt -> {
            rows.clear();
            jdbc.query(ORDERS, rs -> {
                rows.put(rs.getString(1), new OrderRow(rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getBigDecimal(5), rs.getLong(6)));
            });
            return null;
        });
        return rows;
    }

    @Override
    public Map<String, Map<Long, StepRow>> steps() {
        Map<String, Map<Long, StepRow>> rows = new HashMap<>();
        SqlRetry.call(attempt -> {
            rows.clear();
            jdbc.query(STEPS, rs -> {
                rows.computeIfAbsent(rs.getString(1), id -> new TreeMap<>()).put(rs.getLong(2),
                        new StepRow(rs.getString(3), rs.getString(4), rs.getString(5), rs.getBigDecimal(6)));
            });
            return null;
        });
        return rows;
    }
}
