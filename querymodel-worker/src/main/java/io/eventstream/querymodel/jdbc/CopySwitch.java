package io.eventstream.querymodel.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The statements of a {@link SwitchMethod#COPY} switch, run by {@link ReadModelGenerations#switchTo}
 * in its transaction after the generation row (the gate): per table, the live rows that are not in
 * the generation as they are go, then the generation's rows that are not in the live table as they
 * are come in. Afterwards the live tables hold exactly the generation's rows (every column but
 * {@code orders.updated_at}, which says when a row was written); rows that are the same are not
 * touched, so a rebuild of a healthy read model writes little.
 *
 * <p>The hourly flags of {@code orders} are compared and copied too: they say which orders
 * {@code restaurant_hourly} counts, so an order row and the hours it is counted in must come from
 * the same generation. The live worker waits at the gate meanwhile, so nothing changes either side
 * between the comparison and the writes. {@code orders_next}... stand for the generation's names
 * ({@link ReadModelTables#named}); each statement modifies one table (CockroachDialectTest).
 */
final class CopySwitch {

    private static final String ORDER_COLUMNS = "id, customerid, status, createdon, restaurantid, amount, last_version,"
            + " reason, hourly_placed, hourly_approved";
    private static final String ITEM_COLUMNS = "id, orderid, customerid, code, name, unitprice, quantity";
    private static final String HISTORY_COLUMNS = "orderid, version, status, event_id, event_type, reason, reached_at";
    private static final String HOURLY_COLUMNS = "restaurantid, hour, placed, approved, revenue";

    static final String ORDERS_OUT = "DELETE FROM orders WHERE id IN (SELECT id FROM (SELECT " + ORDER_COLUMNS
            + " FROM orders EXCEPT SELECT " + ORDER_COLUMNS + " FROM orders_next) AS differing)";
    static final String ORDERS_IN = "INSERT INTO orders (" + ORDER_COLUMNS + ") SELECT " + ORDER_COLUMNS
            + " FROM orders_next WHERE id IN (SELECT id FROM (SELECT " + ORDER_COLUMNS + " FROM orders_next EXCEPT SELECT "
            + ORDER_COLUMNS + " FROM orders) AS missing)";
    static final String ITEMS_OUT = "DELETE FROM orderitems WHERE id IN (SELECT id FROM (SELECT " + ITEM_COLUMNS
            + " FROM orderitems EXCEPT SELECT " + ITEM_COLUMNS + " FROM orderitems_next) AS differing)";
    static final String ITEMS_IN = "INSERT INTO orderitems (" + ITEM_COLUMNS + ") SELECT " + ITEM_COLUMNS
            + " FROM orderitems_next WHERE id IN (SELECT id FROM (SELECT " + ITEM_COLUMNS
            + " FROM orderitems_next EXCEPT SELECT " + ITEM_COLUMNS + " FROM orderitems) AS missing)";
    static final String HISTORY_OUT = "DELETE FROM order_status_history WHERE (orderid, version) IN"
            + " (SELECT orderid, version FROM (SELECT " + HISTORY_COLUMNS + " FROM order_status_history EXCEPT SELECT "
            + HISTORY_COLUMNS + " FROM order_status_history_next) AS differing)";
    static final String HISTORY_IN = "INSERT INTO order_status_history (" + HISTORY_COLUMNS + ") SELECT "
            + HISTORY_COLUMNS + " FROM order_status_history_next WHERE (orderid, version) IN"
            + " (SELECT orderid, version FROM (SELECT " + HISTORY_COLUMNS + " FROM order_status_history_next EXCEPT SELECT "
            + HISTORY_COLUMNS + " FROM order_status_history) AS missing)";
    static final String HOURLY_OUT = "DELETE FROM restaurant_hourly WHERE (restaurantid, hour) IN"
            + " (SELECT restaurantid, hour FROM (SELECT " + HOURLY_COLUMNS + " FROM restaurant_hourly EXCEPT SELECT "
            + HOURLY_COLUMNS + " FROM restaurant_hourly_next) AS differing)";
    static final String HOURLY_IN = "INSERT INTO restaurant_hourly (" + HOURLY_COLUMNS + ") SELECT " + HOURLY_COLUMNS
            + " FROM restaurant_hourly_next WHERE (restaurantid, hour) IN (SELECT restaurantid, hour FROM (SELECT "
            + HOURLY_COLUMNS + " FROM restaurant_hourly_next EXCEPT SELECT " + HOURLY_COLUMNS
            + " FROM restaurant_hourly) AS missing)";

    private CopySwitch() {
    }

    /** Makes the live tables equal to {@code next}'s, in the caller's transaction; returns the rows written. */
    static long run(Connection c, ReadModelTables next) throws SQLException {
        long rows = 0;
        try (Statement s = c.createStatement()) {
            for (String sql : new String[] {ORDERS_OUT, ORDERS_IN, ITEMS_OUT, ITEMS_IN, HISTORY_OUT, HISTORY_IN,
                    HOURLY_OUT, HOURLY_IN}) {
                rows += s.executeUpdate(next.named(sql));
            }
        }
        return rows;
    }
}
