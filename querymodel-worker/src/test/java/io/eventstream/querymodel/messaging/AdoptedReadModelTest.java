package io.eventstream.querymodel.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.eventstream.querymodel.OrdersDatabase;
import io.eventstream.common.consumer.ReceivedEvent;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.querymodel.jdbc.JdbcReadModel;
import io.eventstream.querymodel.jdbc.Transactions;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The read model as the bootstrapper leaves it when it adopts the original's ordersdb
 * (bootstrapper's OrdersCopy: status kept, last_version 1 for Pending and 3 for Approved, items
 * {@code <orderid>:<line>}), then the original's old messages delivered again, without headers
 * as the original published them: no item twice, no status backwards.
 */
class AdoptedReadModelTest {

    private static final OrderEventTypes TYPES = new OrderEventTypes("ORDERS");

    private final AtomicLong sequence = new AtomicLong();
    private OrdersDatabase database;
    private HikariDataSource data;
    private OrderEventHandler handler;

    @BeforeEach
    void adoptedReadModel() throws SQLException {
        database = OrdersDatabase.migrated("qmadopt", 2);
        data = database.data();
        handler = new OrderEventHandler(new OrderEventTranslator(TYPES), new JdbcReadModel(new Transactions(data)));
        exec("""
                INSERT INTO orders (id, customerid, status, createdon, restaurantid, amount, last_version) VALUES
                  ('a', 'c1', 'Pending', '2026-11-20T00:00:00Z', 'r1', 31.50, 1),
                  ('b', 'c2', 'Approved', '2026-11-20T00:00:00Z', 'r1', 21.00, 3)""",
                """
                INSERT INTO orderitems (id, orderid, customerid, code, name, unitprice, quantity) VALUES
                  ('a:1', 'a', 'c1', 'p1', 'Pizza', 10.50, 2), ('a:2', 'a', 'c1', 'p2', 'Salad', 10.50, 1),
                  ('b:1', 'b', 'c2', 'p1', 'Pizza', 10.50, 2)""");
    }

    @AfterEach
    void drop() {
        database.close();
    }

    @Test
    void oldMessagesDeliveredAgainAddNoItemAndMoveNoStatusBackwards() throws Exception {
        handler.handle(headerless("created", created("a", "c1", 31.5,
                item("p1", "Pizza", 2), item("p2", "Salad", 1))));
        handler.handle(headerless("created", created("b", "c2", 21, item("p1", "Pizza", 2))));
        handler.handle(headerless("paymentdebited", "{\"OrderID\":\"b\",\"CustomerID\":\"c2\",\"Amount\":21}"));

        // Nothing twice, and nothing moved: Pending stays Pending on its own created event, Approved stays Approved.
        assertThat(rows("SELECT id FROM orderitems ORDER BY id")).containsExactly("a:1", "a:2", "b:1");
        assertThat(rows("SELECT id || ' ' || status || ' v' || last_version FROM orders ORDER BY id"))
                .containsExactly("a Pending v1", "b Approved v3");
        // The created event carries the exact time the original's DATE had lost.
        assertThat(rows("SELECT CAST(createdon AT TIME ZONE 'UTC' AS TEXT) FROM orders WHERE id = 'a'"))
                .containsExactly("2026-11-20 10:15:30.123457");

        // The Pending order's later events move it forward, as they should; created once more changes nothing.
        handler.handle(headerless("paymentdebited", "{\"OrderID\":\"a\",\"CustomerID\":\"c1\",\"Amount\":31.5}"));
        handler.handle(headerless("created", created("a", "c1", 31.5, item("p1", "Pizza", 2), item("p2", "Salad", 1))));
        assertThat(rows("SELECT id || ' ' || status || ' v' || last_version FROM orders ORDER BY id"))
                .containsExactly("a PaymentDebited v2", "b Approved v3");
        assertThat(rows("SELECT count(*) FROM orderitems")).containsExactly("3");
    }

    private static String created(String orderId, String customer, double amount, String... items) {
        return "{\"order_id\":\"" + orderId + "\",\"customer_id\":\"" + customer + "\",\"status\":\"Pending\","
                + "\"created_on\":\"2026-11-20T10:15:30.123456789Z\",\"restaurant_id\":\"r1\",\"amount\":" + amount
                + ",\"order_items\":[" + String.join(",", items) + "]}";
    }

    private static String item(String code, String name, int quantity) {
        return "{\"code\":\"" + code + "\",\"name\":\"" + name + "\",\"unit_price\":10.5,\"quantity\":" + quantity + "}";
    }

    /** As ReceivedEvent.of reads a message of the original: no headers, so no id, aggregate or version. */
    private ReceivedEvent headerless(String name, String body) {
        return new ReceivedEvent(TYPES.stream() + "." + name, null, null, 0, body.getBytes(StandardCharsets.UTF_8),
                new Headers(), 1, sequence.incrementAndGet());
    }

    private void exec(String... statements) throws SQLException {
        try (var c = data.getConnection(); var s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private List<String> rows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (var c = data.getConnection(); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
