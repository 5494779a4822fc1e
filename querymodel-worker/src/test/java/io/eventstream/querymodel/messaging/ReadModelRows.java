package io.eventstream.querymodel.messaging;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Every row of a set of orders in the read model, their items and their history, as text (all
 * columns but updated_at): two read models fed the same orders in different ways must have the
 * same rows.
 */
final class ReadModelRows {

    private ReadModelRows() {
    }

    /** The rows of the orders whose ids start with {@code idPrefix}, in a fixed order. */
    static List<String> of(DataSource dataSource, String idPrefix) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (var c = dataSource.getConnection()) {
            query(c, idPrefix, """
                    SELECT 'order ' || id || ' ' || coalesce(customerid, 'null') || ' ' || status || ' v' || last_version
                        || ' reason=' || coalesce(reason, 'null') || ' amount=' || coalesce(amount::text, 'null')
                        || ' restaurant=' || coalesce(restaurantid, 'null')
                        || ' created=' || coalesce(to_char(createdon AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US'), 'null')
                    FROM orders WHERE id LIKE ? ORDER BY id""", rows);
            query(c, idPrefix, """
                    SELECT 'item ' || id || ' ' || orderid || ' ' || coalesce(customerid, 'null') || ' ' || code || ' '
                        || name || ' ' || unitprice || ' x' || quantity
                    FROM orderitems WHERE orderid LIKE ? ORDER BY id""", rows);
            query(c, idPrefix, """
                    SELECT 'history ' || orderid || ' ' || version || ' ' || status || ' ' || coalesce(reason, 'null')
                        || ' ' || event_id || ' ' || event_type || ' ' || to_char(reached_at AT TIME ZONE 'UTC', 'HH24:MI:SS')
                    FROM order_status_history WHERE orderid LIKE ? ORDER BY orderid, version""", rows);
        }
        return rows;
    }

    private static void query(Connection c, String idPrefix, String sql, List<String> rows) throws SQLException {
        try (var s = c.prepareStatement(sql)) {
            s.setString(1, idPrefix + "%");
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
        }
    }
}
