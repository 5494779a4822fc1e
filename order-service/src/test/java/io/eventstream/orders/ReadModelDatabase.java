package io.eventstream.orders;

import io.eventstream.common.testing.TestInfra;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import org.flywaydb.core.Flyway;

/**
 * A fresh ordersdb of a test's own, with the read model tables from the schema module,
 * and a way to write rows as querymodel-worker would.
 */
public final class ReadModelDatabase {

    final String name;
    final String url;

    private ReadModelDatabase(String name) {
        this.name = name;
        this.url = TestInfra.jdbcUrl(name);
    }

    public static ReadModelDatabase create() {
        ReadModelDatabase db = new ReadModelDatabase(TestInfra.createDatabase("orders_svc"));
        Flyway.configure()
                .dataSource(db.url, TestInfra.PG_ADMIN, "")
                .locations("classpath:db/orders")
                .load()
                .migrate();
        return db;
    }

    public void drop() {
        TestInfra.dropDatabase(name);
    }

    public void insertOrder(String id, String customerId, String status, Instant createdOn, String restaurantId,
                     String amount, String reason) {
        exec("INSERT INTO orders (id, customerid, status, createdon, restaurantid, amount, reason) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)",
                id, customerId, status, createdOn == null ? null : Timestamp.from(createdOn), restaurantId,
                amount == null ? null : new BigDecimal(amount), reason);
    }

    void insertItem(String orderId, int line, String customerId, String code, String name, String unitPrice,
                    int quantity) {
        exec("INSERT INTO orderitems (id, orderid, customerid, code, name, unitprice, quantity) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)",
                orderId + ":" + line, orderId, customerId, code, name, new BigDecimal(unitPrice), quantity);
    }

    void insertHistory(String orderId, long version, String status, String eventType, String reason,
                       Instant reachedAt) {
        exec("INSERT INTO order_status_history (orderid, version, status, event_id, event_type, reason, reached_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)",
                orderId, version, status, orderId + "-" + version, eventType, reason, Timestamp.from(reachedAt));
    }

    /** A row of restaurant_hourly, as querymodel-worker keeps it. */
    void insertHour(String restaurantId, Instant hour, long placed, long approved, String revenue) {
        exec("INSERT INTO restaurant_hourly (restaurantid, hour, placed, approved, revenue) VALUES (?, ?, ?, ?, ?)",
                restaurantId, Timestamp.from(hour), placed, approved, new BigDecimal(revenue));
    }

    private void exec(String sql, Object... params) {
        try (Connection c = DriverManager.getConnection(url, TestInfra.PG_ADMIN, "");
             var statement = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
