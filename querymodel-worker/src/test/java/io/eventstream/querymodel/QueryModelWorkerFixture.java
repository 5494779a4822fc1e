package io.eventstream.querymodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.testing.TcpProxy;
import io.eventstream.common.testing.TestInfra;
import io.eventstream.common.testing.TestStream;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.impl.NatsMessage;
import java.math.BigDecimal;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The query model worker end to end: real NATS (a stream of its own), real PostgreSQL (a
 * database of its own, reached through a proxy the test can cut), and how its tests publish
 * order events and read the read model back.
 *
 * <p>{@code @DirtiesContext} gives each subclass a context of its own, so the stream, database and
 * proxy are made with it (in {@link #properties}) and removed after that class, as when these
 * tests were one class.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
abstract class QueryModelWorkerFixture {

    static TestStream stream;
    static OrderEventTypes types;
    static String database;
    static TcpProxy proxy;

    @Autowired
    MeterRegistry meters;

    @LocalServerPort
    int httpPort;

    /** Runs when a subclass's context is made: each test class gets its stream, database and proxy. */
    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        stream = TestStream.create();
        types = stream.types();
        database = TestInfra.createDatabase("qm");
        proxy = new TcpProxy(TestInfra.PG_HOST, Integer.parseInt(TestInfra.PG_PORT));
        registry.add("spring.datasource.url", () -> "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + database);
        registry.add("spring.datasource.username", () -> TestInfra.PG_ADMIN);
        registry.add("spring.datasource.hikari.connection-timeout", () -> "1000");
        stream.register(registry);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        stream.close();
        proxy.close();
        TestInfra.dropDatabase(database);
    }


    static String createdJson(String orderId) {
        return """
                {"order_id":"%s","customer_id":"c1","status":"Pending","created_on":"2024-05-01T12:30:15.123456+02:00",\
                "restaurant_id":"r1","amount":31.5,"order_items":[\
                {"code":"p1","name":"Pizza","unit_price":10.5,"quantity":2},\
                {"code":"d1","name":"Lemonade","unit_price":10.5,"quantity":1}]}""".formatted(orderId);
    }

    static String paymentJson(String orderId) {
        return "{\"OrderID\":\"" + orderId + "\",\"CustomerID\":\"c1\",\"Amount\":31.5}";
    }

    /** An order event with the headers the event store sets, to publish later (no Event-Id, as {@link #publish}). */
    static NatsMessage message(String name, String eventId, String orderId, Long version, String body) {
        return TestStream.message(types.stream() + "." + name, eventId, null, orderId, version, body);
    }

    /** Publishes an order event the way the event store does. */
    static void publish(String name, String eventId, String orderId, Long version, String body) throws Exception {
        stream.publish(types.stream() + "." + name, eventId, null, orderId, version, body);
    }

    static void assertFullOrder(String orderId) throws SQLException {
        Map<String, Object> order = order(orderId);
        assertThat(order).containsEntry("customerid", "c1").containsEntry("restaurantid", "r1");
        assertThat((BigDecimal) order.get("amount")).isEqualByComparingTo("31.50");
        assertThat(order.get("createdon")).isEqualTo(Instant.parse("2024-05-01T10:30:15.123456Z"));
        assertThat(items(orderId)).containsExactly(
                orderId + ":1 p1 Pizza 10.50 x2 c1",
                orderId + ":2 d1 Lemonade 10.50 x1 c1");
    }

    static void awaitOrder(String orderId, String status, long version) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Map<String, Object> order = order(orderId);
            return order != null && status.equals(order.get("status"))
                    && Long.valueOf(version).equals(order.get("last_version"));
        });
    }

    static Map<String, Object> order(String orderId) throws SQLException {
        try (var c = db(); var s = c.prepareStatement(
                "SELECT id, customerid, status, createdon, restaurantid, amount, last_version FROM orders WHERE id = ?")) {
            s.setString(1, orderId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("customerid", rs.getString("customerid"));
                row.put("status", rs.getString("status"));
                var createdOn = rs.getObject("createdon", java.time.OffsetDateTime.class);
                row.put("createdon", createdOn == null ? null : createdOn.toInstant());
                row.put("restaurantid", rs.getString("restaurantid"));
                row.put("amount", rs.getBigDecimal("amount"));
                row.put("last_version", rs.getLong("last_version"));
                return row;
            }
        }
    }

    static List<String> items(String orderId) throws SQLException {
        List<String> items = new ArrayList<>();
        try (var c = db(); var s = c.prepareStatement(
                "SELECT id, code, name, unitprice, quantity, customerid FROM orderitems WHERE orderid = ? ORDER BY id")) {
            s.setString(1, orderId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    items.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " "
                            + rs.getBigDecimal(4).toPlainString() + " x" + rs.getInt(5) + " " + rs.getString(6));
                }
            }
        }
        return items;
    }

    static List<String> history(String orderId) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (var c = db(); var s = c.prepareStatement(
                "SELECT version, status FROM order_status_history WHERE orderid = ? ORDER BY version")) {
            s.setString(1, orderId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getLong(1) + ":" + rs.getString(2));
                }
            }
        }
        return rows;
    }

    static long count(String sql) throws SQLException {
        try (var c = db(); var s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static java.sql.Connection db() throws SQLException {
        return DriverManager.getConnection(TestInfra.jdbcUrl(database), TestInfra.PG_ADMIN, "");
    }

    static void awaitAllAcked() {
        stream.awaitAllAcked("query-model-worker");
    }
}
