package io.eventstream.querymodel.jdbc;

import io.eventstream.common.sql.SqlRetry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Compares the live tables with others (a check's, folded from the log), row by row: every column
 * the projection writes ({@code updated_at} is when, not what), both ways, with {@code EXCEPT}.
 */
public class ReadModelComparison {

    /** One row that is in one set of tables and not (as it is) in the other. */
    public record Difference(String table, String onlyIn, String row) {
        @Override
        public String toString() {
            return table + " only in " + onlyIn + ": " + row;
        }
    }

    static final String ORDERS_LIVE_ONLY = """
            SELECT id, customerid, status, createdon, restaurantid, amount, last_version, reason FROM orders
            EXCEPT SELECT id, customerid, status, createdon, restaurantid, amount, last_version, reason FROM orders_next
            ORDER BY 1 LIMIT ?""";
    static final String ORDERS_LOG_ONLY = """
            SELECT id, customerid, status, createdon, restaurantid, amount, last_version, reason FROM orders_next
            EXCEPT SELECT id, customerid, status, createdon, restaurantid, amount, last_version, reason FROM orders
            ORDER BY 1 LIMIT ?""";
    static final String ITEMS_LIVE_ONLY = """
            SELECT id, orderid, customerid, code, name, unitprice, quantity FROM orderitems
            EXCEPT SELECT id, orderid, customerid, code, name, unitprice, quantity FROM orderitems_next
            ORDER BY 1 LIMIT ?""";
    static final String ITEMS_LOG_ONLY = """
            SELECT id, orderid, customerid, code, name, unitprice, quantity FROM orderitems_next
            EXCEPT SELECT id, orderid, customerid, code, name, unitprice, quantity FROM orderitems
            ORDER BY 1 LIMIT ?""";
    static final String HISTORY_LIVE_ONLY = """
            SELECT orderid, version, status, event_id, event_type, reason, reached_at FROM order_status_history
            EXCEPT SELECT orderid, version, status, event_id, event_type, reason, reached_at FROM order_status_history_next
            ORDER BY 1, 2 LIMIT ?""";
    static final String HISTORY_LOG_ONLY = """
            SELECT orderid, version, status, event_id, event_type, reason, reached_at FROM order_status_history_next
            EXCEPT SELECT orderid, version, status, event_id, event_type, reason, reached_at FROM order_status_history
            ORDER BY 1, 2 LIMIT ?""";

    static final String HOURLY_LIVE_ONLY = """
            SELECT restaurantid, hour, placed, approved, revenue FROM restaurant_hourly
            EXCEPT SELECT restaurantid, hour, placed, approved, revenue FROM restaurant_hourly_next
            ORDER BY 1, 2 LIMIT ?""";
    static final String HOURLY_LOG_ONLY = """
            SELECT restaurantid, hour, placed, approved, revenue FROM restaurant_hourly_next
            EXCEPT SELECT restaurantid, hour, placed, approved, revenue FROM restaurant_hourly
            ORDER BY 1, 2 LIMIT ?""";

    private final DataSource dataSource;

    public ReadModelComparison(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** At most {@code limit} differences per table and direction; empty: the same rows. */
    public List<Difference> differences(ReadModelTables other, String otherName, int limit) {
        try {
            return SqlRetry.call(attempt -> {
                List<Difference> found = new ArrayList<>();
                try (Connection c = dataSource.getConnection()) {
                    collect(c, other.named(ORDERS_LIVE_ONLY), "orders", "the live tables", limit, found);
                    collect(c, other.named(ORDERS_LOG_ONLY), "orders", otherName, limit, found);
                    collect(c, other.named(ITEMS_LIVE_ONLY), "orderitems", "the live tables", limit, found);
                    collect(c, other.named(ITEMS_LOG_ONLY), "orderitems", otherName, limit, found);
                    collect(c, other.named(HISTORY_LIVE_ONLY), "order_status_history", "the live tables", limit, found);
                    collect(c, other.named(HISTORY_LOG_ONLY), "order_status_history", otherName, limit, found);
                    collect(c, other.named(HOURLY_LIVE_ONLY), "restaurant_hourly", "the live tables", limit, found);
                    collect(c, other.named(HOURLY_LOG_ONLY), "restaurant_hourly", otherName, limit, found);
                }
                return found;
            });
        } catch (SQLException e) {
            throw new ReadModelUnavailableException("comparing the read model: " + e.getMessage(), e);
        }
    }

    private static void collect(Connection c, String sql, String table, String onlyIn, int limit, List<Difference> into)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setInt(1, limit);
            try (ResultSet rs = s.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= columns; i++) {
                        row.append(i == 1 ? "" : ", ").append(rs.getMetaData().getColumnName(i)).append('=')
                                .append(rs.getString(i));
                    }
                    into.add(new Difference(table, onlyIn, row.toString()));
                }
            }
        }
    }
}
