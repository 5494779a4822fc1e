package io.eventstream.querymodel.jdbc;

import io.eventstream.querymodel.projection.OrderChange;
import io.eventstream.querymodel.projection.OrderDetails;
import io.eventstream.querymodel.projection.OrderLine;
import io.eventstream.querymodel.projection.ReadModel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * The read model in ordersdb (schema db/orders). One transaction per event; every
 * statement is an {@code INSERT ... ON CONFLICT}, so a redelivered event changes nothing
 * and events may arrive in any order:
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
                updated_at = now()
            """;

    private static final String UPSERT_STATUS = """
            INSERT INTO orders (id, status, last_version, reason, updated_at)
            VALUES (?, ?, ?, ?, now())
            ON CONFLICT (id) DO UPDATE SET
                status = excluded.status,
                last_version = excluded.last_version,
                reason = excluded.reason,
                updated_at = now()
            WHERE orders.status NOT IN ('Approved', 'Rejected', 'Cancelled')
              AND (? OR orders.last_version < excluded.last_version)
            """;

    private static final String INSERT_ITEM = """
            INSERT INTO orderitems (id, orderid, customerid, code, name, unitprice, quantity)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO NOTHING
            """;

    private static final String INSERT_HISTORY = """
            INSERT INTO order_status_history (orderid, version, status, event_id, event_type, reason, reached_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (orderid, version) DO NOTHING
            """;

    private final Transactions transactions;

    public JdbcReadModel(Transactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void apply(OrderChange change) {
        transactions.inTransaction(connection -> {
            if (change.details() != null) {
                upsertCreated(connection, change, change.details());
                insertItems(connection, change.orderId(), change.details());
            } else {
                upsertStatus(connection, change);
            }
            insertHistory(connection, change);
        });
    }

    private static void upsertCreated(Connection c, OrderChange change, OrderDetails details) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(UPSERT_CREATED)) {
            s.setString(1, change.orderId());
            s.setString(2, details.customerId());
            s.setString(3, change.status().label());
            if (details.createdOn() == null) {
                s.setNull(4, Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
                s.setObject(4, details.createdOn());
            }
            s.setString(5, details.restaurantId());
            s.setBigDecimal(6, details.amount());
            s.setLong(7, change.version());
            s.executeUpdate();
        }
    }

    private static void upsertStatus(Connection c, OrderChange change) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(UPSERT_STATUS)) {
            s.setString(1, change.orderId());
            s.setString(2, change.status().label());
            s.setLong(3, change.version());
            s.setString(4, change.reason());
            s.setBoolean(5, change.status().terminal());
            s.executeUpdate();
        }
    }

    private static void insertItems(Connection c, String orderId, OrderDetails details) throws SQLException {
        if (details.items().isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(INSERT_ITEM)) {
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

    private static void insertHistory(Connection c, OrderChange change) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(INSERT_HISTORY)) {
            s.setString(1, change.orderId());
            s.setLong(2, change.version());
            s.setString(3, change.status().label());
            s.setString(4, change.eventId());
            s.setString(5, change.eventType());
            s.setString(6, change.reason());
            s.setObject(7, change.reachedAt());
            s.executeUpdate();
        }
    }
}
