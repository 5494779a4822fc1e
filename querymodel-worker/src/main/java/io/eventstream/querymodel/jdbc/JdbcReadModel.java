package io.eventstream.querymodel.jdbc;

import io.eventstream.querymodel.projection.OrderChange;
import io.eventstream.querymodel.projection.OrderDetails;
import io.eventstream.querymodel.projection.OrderLine;
import io.eventstream.querymodel.projection.ReadModel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collections;
import java.util.List;

/**
 * The read model in ordersdb (schema db/orders). One statement per event, its own transaction
 * (autocommit: one round trip): the order row, the items and the history row are written by
 * data-modifying CTEs of that statement. Every part is an {@code INSERT ... ON CONFLICT}, so a
 * redelivered event changes nothing and events may arrive in any order:
 *
 * <ul>
 *   <li>The status is written only by an event of a higher version than {@code last_version}:
 *       an approved (3) that arrives before created (1) creates the row as Approved, and
 *       the created event later fills in the order's data without lowering the status.</li>
 *   <li>A terminal status (Approved, Rejected, Cancelled; an order reaches exactly one) wins
 *       over any other whatever its version, and is never overwritten: a late debit and its
 *       refund after Cancelled show in the history, not as the status.</li>
 *   <li>Items have ids {@code <orderid>:<line>}, history rows the key (orderid, version).</li>
 * </ul>
 * Runs unchanged on PostgreSQL and CockroachDB.
 */
public class JdbcReadModel implements ReadModel {

    private static final String UPSERT_CREATED = """
            INSERT INTO orders (id, customerid, status, createdon, restaurantid, amount, last_version, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, now())
            ON CONFLICT (id) DO UPDATE SET
                customerid = excluded.customerid,
                createdon = excluded.createdon,
                restaurantid = excluded.restaurantid,
                amount = excluded.amount,
                status = CASE WHEN excluded.last_version > orders.last_version
                              THEN excluded.status ELSE orders.status END,
                reason = CASE WHEN excluded.last_version > orders.last_version
                              THEN NULL ELSE orders.reason END,
                last_version = GREATEST(orders.last_version, excluded.last_version),
                updated_at = now()""";

    private static final String UPSERT_STATUS = """
            INSERT INTO orders (id, status, last_version, reason, updated_at)
            VALUES (?, ?, ?, ?, now())
            ON CONFLICT (id) DO UPDATE SET
                status = excluded.status,
                last_version = excluded.last_version,
                reason = excluded.reason,
                updated_at = now()
            WHERE orders.status NOT IN ('Approved', 'Rejected', 'Cancelled')
              AND (? OR orders.last_version < excluded.last_version)""";

    private static final String INSERT_ITEMS = """
            INSERT INTO orderitems (id, orderid, customerid, code, name, unitprice, quantity)
            VALUES %s
            ON CONFLICT (id) DO NOTHING""";

    private static final String ITEM_ROW = "(?, ?, ?, ?, ?, ?, ?)";
    private static final int MAX_INLINE_ITEMS = 1000;

    private static final String INSERT_HISTORY = """
            INSERT INTO order_status_history (orderid, version, status, event_id, event_type, reason, reached_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (orderid, version) DO NOTHING""";

    /** The status event: the order row and the history row. */
    private static final String STATUS_CHANGE = "WITH status AS (" + UPSERT_STATUS + ")\n" + INSERT_HISTORY;

    private final Transactions transactions;

    public JdbcReadModel(Transactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void apply(OrderChange change) {
        if (change.details() == null) {
            transactions.inOneStatement(connection -> applyStatus(connection, change));
        } else if (change.details().items().size() <= MAX_INLINE_ITEMS) {
            transactions.inOneStatement(connection -> applyCreated(connection, change, change.details(), true));
        } else {
            // So many items that one statement could pass PostgreSQL's 65,535 parameters: items apart.
            transactions.inTransaction(connection -> {
                applyCreated(connection, change, change.details(), false);
                insertItems(connection, change.orderId(), change.details());
            });
        }
    }

    /** The created event: the order row, one row per item (a multi-row VALUES) and the history row. */
    private static void applyCreated(Connection c, OrderChange change, OrderDetails details, boolean withItems)
            throws SQLException {
        StringBuilder sql = new StringBuilder("WITH created AS (").append(UPSERT_CREATED).append(")");
        if (withItems && !details.items().isEmpty()) {
            sql.append(",\nitems AS (").append(INSERT_ITEMS.formatted(
                    String.join(", ", Collections.nCopies(details.items().size(), ITEM_ROW)))).append(")");
        }
        sql.append("\n").append(INSERT_HISTORY);
        try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            int p = 0;
            s.setString(++p, change.orderId());
            s.setString(++p, details.customerId());
            s.setString(++p, change.status().label());
            if (details.createdOn() == null) {
                s.setNull(++p, Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
                s.setObject(++p, details.createdOn());
            }
            s.setString(++p, details.restaurantId());
            s.setBigDecimal(++p, details.amount());
            s.setLong(++p, change.version());
            int line = 0;
            for (OrderLine item : withItems ? details.items() : List.<OrderLine>of()) {
                line++;
                s.setString(++p, change.orderId() + ":" + line);
                s.setString(++p, change.orderId());
                s.setString(++p, details.customerId());
                s.setString(++p, item.code());
                s.setString(++p, item.name());
                s.setBigDecimal(++p, item.unitPrice());
                s.setInt(++p, item.quantity());
            }
            setHistory(s, p, change);
            s.executeUpdate();
        }
    }

    private static void insertItems(Connection c, String orderId, OrderDetails details) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(INSERT_ITEMS.formatted(ITEM_ROW))) {
            int line = 0;
            for (OrderLine item : details.items()) {
                line++;
                s.setString(1, orderId + ":" + line);
                s.setString(2, orderId);
                s.setString(3, details.customerId());
                s.setString(4, item.code());
                s.setString(5, item.name());
                s.setBigDecimal(6, item.unitPrice());
                s.setInt(7, item.quantity());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static void applyStatus(Connection c, OrderChange change) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(STATUS_CHANGE)) {
            s.setString(1, change.orderId());
            s.setString(2, change.status().label());
            s.setLong(3, change.version());
            s.setString(4, change.reason());
            s.setBoolean(5, change.status().terminal());
            setHistory(s, 5, change);
            s.executeUpdate();
        }
    }

    private static void setHistory(PreparedStatement s, int after, OrderChange change) throws SQLException {
        s.setString(after + 1, change.orderId());
        s.setLong(after + 2, change.version());
        s.setString(after + 3, change.status().label());
        s.setString(after + 4, change.eventId());
        s.setString(after + 5, change.eventType());
        s.setString(after + 6, change.reason());
        s.setObject(after + 7, change.reachedAt());
    }
}
