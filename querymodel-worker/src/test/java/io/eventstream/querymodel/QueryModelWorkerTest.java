package io.eventstream.querymodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.testing.TcpProxy;
import io.eventstream.common.testing.TestInfra;
import io.eventstream.common.testing.TestStream;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The query model worker end to end: real NATS (a stream of its own), real PostgreSQL (a
 * database of its own, reached through a proxy the test can cut).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class QueryModelWorkerTest {

    private static final TestStream STREAM = TestStream.create();
    private static final OrderEventTypes TYPES = STREAM.types();
    private static String database;
    private static TcpProxy proxy;

    @Autowired
    MeterRegistry meters;

    @LocalServerPort
    int httpPort;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        database = TestInfra.createDatabase("qm");
        proxy = new TcpProxy(TestInfra.PG_HOST, Integer.parseInt(TestInfra.PG_PORT));
        registry.add("spring.datasource.url", () -> "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + database);
        registry.add("spring.datasource.username", () -> TestInfra.PG_ADMIN);
        registry.add("spring.datasource.hikari.connection-timeout", () -> "1000");
        STREAM.register(registry);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        STREAM.close();
        proxy.close();
        TestInfra.dropDatabase(database);
    }

    @Test
    void eventsInOrderEndApprovedWithItemsAndHistory() throws Exception {
        String orderId = UUID.randomUUID().toString();
        publish("created", UUID.randomUUID().toString(), orderId, 1L, createdJson(orderId));
        publish("paymentdebited", UUID.randomUUID().toString(), orderId, 2L, paymentJson(orderId));
        publish("approved", UUID.randomUUID().toString(), orderId, 3L, "");

        // The consumer handles messages in parallel: wait for all three, in whatever order they landed.
        await().atMost(Duration.ofSeconds(20)).until(() -> history(orderId).size() == 3);
        awaitOrder(orderId, "Approved", 3);
        assertFullOrder(orderId);
        assertThat(history(orderId)).containsExactly("1:Pending", "2:PaymentDebited", "3:Approved");
    }

    /**
     * 200 events published at once reach the consumer faster than one at a time would handle
     * them, so they are handled in batches (application.yml: max-batch 64): 50 orders, half of
     * them with their events in reverse order, each with its created event published again at the end.
     */
    @Test
    void manyEventsAtOnceAreHandledInBatchesWithTheSameResult() throws Exception {
        String prefix = UUID.randomUUID().toString().substring(0, 8) + "-";
        List<String> orders = new ArrayList<>();
        List<List<NatsMessage>> lifecycles = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String orderId = prefix + i;
            orders.add(orderId);
            NatsMessage created = message("created", UUID.randomUUID().toString(), orderId, 1L, createdJson(orderId));
            NatsMessage debited = message("paymentdebited", UUID.randomUUID().toString(), orderId, 2L, paymentJson(orderId));
            NatsMessage approved = message("approved", UUID.randomUUID().toString(), orderId, 3L, "");
            // Published again (another message id: NATS would drop the same one as a duplicate).
            NatsMessage again = message("created", UUID.randomUUID().toString(), orderId, 1L, createdJson(orderId));
            lifecycles.add(i % 2 == 0 ? List.of(created, debited, approved, again) : List.of(approved, debited, created, again));
        }
        long batchesBefore = meters.get("eventstream.consumer.batch.size").summary().count();
        List<CompletableFuture<PublishAck>> published = new ArrayList<>();
        for (int step = 0; step < 4; step++) {
            for (List<NatsMessage> lifecycle : lifecycles) {
                published.add(STREAM.nats().jetStream().publishAsync(lifecycle.get(step)));
            }
        }
        for (CompletableFuture<PublishAck> ack : published) {
            ack.get(10, TimeUnit.SECONDS);
        }

        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("SELECT count(*) FROM order_status_history WHERE orderid LIKE '" + prefix + "%'") == 150);
        awaitAllAcked();
        assertThat(meters.get("eventstream.consumer.batch.size").summary().count()).isGreaterThan(batchesBefore);
        assertThat(count("SELECT count(*) FROM orders WHERE id LIKE '" + prefix + "%' AND status = 'Approved'"
                + " AND last_version = 3 AND customerid = 'c1'")).isEqualTo(50);
        assertThat(count("SELECT count(*) FROM orderitems WHERE orderid LIKE '" + prefix + "%'")).isEqualTo(100);
        for (String orderId : List.of(orders.get(0), orders.get(49))) {
            assertFullOrder(orderId);
            assertThat(history(orderId)).containsExactly("1:Pending", "2:PaymentDebited", "3:Approved");
        }
        assertThat(STREAM.deadLetters()).noneMatch(m -> {
            String aggregate = m.getHeaders().getFirst(EventHeaders.AGGREGATE_ID);
            return aggregate != null && aggregate.startsWith(prefix);
        });
    }

    @Test
    void anOrderWithMoreItemsThanOneStatementTakesIsStoredWhole() throws Exception {
        String orderId = UUID.randomUUID().toString();
        StringBuilder items = new StringBuilder();
        for (int i = 1; i <= 1001; i++) {
            items.append(i > 1 ? "," : "").append("{\"code\":\"p").append(i)
                    .append("\",\"name\":\"Pizza\",\"unit_price\":1,\"quantity\":1}");
        }
        publish("created", UUID.randomUUID().toString(), orderId, 1L, "{\"order_id\":\"" + orderId
                + "\",\"customer_id\":\"c1\",\"restaurant_id\":\"r1\",\"amount\":1001,\"status\":\"Pending\","
                + "\"created_on\":\"2024-05-01T10:30:15Z\",\"order_items\":[" + items + "]}");

        awaitOrder(orderId, "Pending", 1);
        assertThat(items(orderId)).hasSize(1001);
        assertThat(history(orderId)).containsExactly("1:Pending");
    }

    @Test
    void aCancelledOrderStaysCancelledWithItsReasonWhenALateDebitAndRefundArriveFirst() throws Exception {
        String orderId = UUID.randomUUID().toString();
        String reason = "{\"OrderID\":\"" + orderId + "\",\"Reason\":\"cancelled by the customer\"}";
        publish("created", UUID.randomUUID().toString(), orderId, 1L, createdJson(orderId));
        publish("paymentrefunded", UUID.randomUUID().toString(), orderId, 6L, paymentJson(orderId));
        publish("paymentdebited", UUID.randomUUID().toString(), orderId, 4L, paymentJson(orderId));
        await().atMost(Duration.ofSeconds(20)).until(() -> history(orderId).size() == 3);
        publish("cancelled", UUID.randomUUID().toString(), orderId, 3L, reason);
        publish("cancelrequested", UUID.randomUUID().toString(), orderId, 2L, reason);
        publish("refundrequested", UUID.randomUUID().toString(), orderId, 5L,
                "{\"OrderID\":\"" + orderId + "\",\"Reason\":\"the payment came after the order was cancelled\"}");

        await().atMost(Duration.ofSeconds(20)).until(() -> history(orderId).size() == 6);
        assertThat(order(orderId)).containsEntry("status", "Cancelled");
        assertThat(history(orderId)).containsExactly("1:Pending", "2:CancelRequested", "3:Cancelled",
                "4:PaymentDebited", "5:RefundRequested", "6:Refunded");
        try (var c = db(); var st = c.prepareStatement("SELECT reason FROM orders WHERE id = ?")) {
            st.setString(1, orderId);
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("cancelled by the customer");
            }
        }
    }

    @Test
    void eventsInReverseOrderEndApprovedWithFullData() throws Exception {
        String orderId = UUID.randomUUID().toString();
        publish("approved", UUID.randomUUID().toString(), orderId, 3L, "");
        awaitOrder(orderId, "Approved", 3);
        publish("paymentdebited", UUID.randomUUID().toString(), orderId, 2L, paymentJson(orderId));
        await().atMost(Duration.ofSeconds(15)).until(() -> history(orderId).size() == 2);
        assertThat(order(orderId)).containsEntry("status", "Approved");
        publish("created", UUID.randomUUID().toString(), orderId, 1L, createdJson(orderId));
        await().atMost(Duration.ofSeconds(15)).until(() -> history(orderId).size() == 3);

        awaitOrder(orderId, "Approved", 3);
        assertFullOrder(orderId);
        assertThat(history(orderId)).containsExactly("1:Pending", "2:PaymentDebited", "3:Approved");
    }

    @Test
    void duplicatesAddNothing() throws Exception {
        String orderId = UUID.randomUUID().toString();
        String createdId = UUID.randomUUID().toString();
        for (int i = 0; i < 3; i++) {
            publish("created", UUID.randomUUID().toString(), orderId, 1L, createdJson(orderId));
        }
        publish("approved", UUID.randomUUID().toString(), orderId, 3L, "");
        publish("approved", UUID.randomUUID().toString(), orderId, 3L, "");
        publish("created", createdId, orderId, 1L, createdJson(orderId));

        awaitAllAcked();
        awaitOrder(orderId, "Approved", 3);
        assertFullOrder(orderId);
        assertThat(count("SELECT count(*) FROM orders WHERE id = '" + orderId + "'")).isEqualTo(1);
        assertThat(history(orderId)).containsExactly("1:Pending", "3:Approved");
    }

    @Test
    void messagesOfTheOriginalWithoutHeadersUseTheLegacyVersions() throws Exception {
        String orderId = UUID.randomUUID().toString();
        STREAM.nats().jetStream().publish(TYPES.paymentDebited(), paymentJson(orderId).getBytes(StandardCharsets.UTF_8));
        awaitOrder(orderId, "PaymentDebited", 2);
        STREAM.nats().jetStream().publish(TYPES.created(), createdJson(orderId).getBytes(StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(15)).until(() -> history(orderId).size() == 2);
        awaitOrder(orderId, "PaymentDebited", 2);
        assertFullOrder(orderId);
        assertThat(history(orderId)).containsExactly("1:Pending", "2:PaymentDebited");
    }

    /**
     * The original's traffic as its store publishes it: no headers, its bodies and an empty
     * approved that names no order. The order is projected from the bodies; the approved is acked
     * and counted, and nothing is dead-lettered.
     */
    @Test
    void theOriginalsTrafficIsProjectedAndItsEmptyApprovedCountedNotDeadLettered() throws Exception {
        String orderId = UUID.randomUUID().toString();
        double unreadableBefore = unreadable();
        int deadBefore = STREAM.deadLetters().size();
        STREAM.nats().jetStream().publish(TYPES.created(), createdJson(orderId).getBytes(StandardCharsets.UTF_8));
        STREAM.nats().jetStream().publish(TYPES.paymentDebited(), paymentJson(orderId).getBytes(StandardCharsets.UTF_8));
        STREAM.nats().jetStream().publish(TYPES.approved(), new byte[0]);

        awaitOrder(orderId, "PaymentDebited", 2);
        await().atMost(Duration.ofSeconds(15)).until(() -> unreadable() > unreadableBefore);
        awaitAllAcked();
        assertFullOrder(orderId);
        assertThat(history(orderId)).containsExactly("1:Pending", "2:PaymentDebited");
        assertThat(STREAM.deadLetters()).hasSize(deadBefore);
    }

    private double unreadable() {
        var counter = meters.find("eventstream.consumer.original_unreadable").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void unknownTypesAreIgnoredAndPoisonIsDeadLettered() throws Exception {
        String ignored = UUID.randomUUID().toString();
        String badBody = UUID.randomUUID().toString();
        String noOrder = UUID.randomUUID().toString();
        publish("somethingnew", UUID.randomUUID().toString(), ignored, 4L, "{}");
        publish("created", UUID.randomUUID().toString(), badBody, 1L, "{\"order_id\":\"" + badBody
                + "\",\"order_items\":[{\"code\":\"p1\",\"unit_price\":1,\"quantity\":1}]}");
        Headers noAggregate = new Headers().put(EventHeaders.MSG_ID, noOrder);
        STREAM.nats().jetStream().publish(NatsMessage.builder().subject(TYPES.approved()).headers(noAggregate).build());

        await().atMost(Duration.ofSeconds(15)).until(() -> STREAM.deadLetters().size() >= 2);
        List<MessageInfo> dead = STREAM.deadLetters();
        assertThat(dead).anySatisfy(m -> {
            assertThat(m.getHeaders().getFirst(EventHeaders.AGGREGATE_ID)).isEqualTo(badBody);
            assertThat(m.getHeaders().getFirst(EventHeaders.DLQ_REASON)).contains("no code or name");
            assertThat(m.getHeaders().getFirst(EventHeaders.DLQ_CONSUMER)).isEqualTo("query-model-worker");
        });
        assertThat(dead).anySatisfy(m -> {
            assertThat(m.getHeaders().getFirst(EventHeaders.MSG_ID)).contains(":query-model-worker:");
            assertThat(m.getHeaders().getFirst(EventHeaders.DLQ_SUBJECT)).isEqualTo(TYPES.approved());
        });
        awaitAllAcked();
        assertThat(order(ignored)).isNull();
        assertThat(order(badBody)).isNull();
        assertThat(STREAM.deadLetters()).noneMatch(m -> ignored.equals(m.getHeaders().getFirst(EventHeaders.AGGREGATE_ID)));
    }

    @Test
    void eventsWhileTheDatabaseIsUnreachableAreProjectedWhenItIsBack() throws Exception {
        String orderId = UUID.randomUUID().toString();
        double failedBefore = meters.get("eventstream.consumer.failed").counter().count();
        proxy.cut();
        try {
            publish("created", UUID.randomUUID().toString(), orderId, 1L, createdJson(orderId));
            publish("approved", UUID.randomUUID().toString(), orderId, 3L, "");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> meters.get("eventstream.consumer.failed").counter().count() >= failedBefore + 2);
            assertThat(order(orderId)).isNull();
        } finally {
            proxy.restore();
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> history(orderId).size() == 2);
        awaitOrder(orderId, "Approved", 3);
        assertFullOrder(orderId);
        awaitAllAcked();
        assertThat(history(orderId)).containsExactly("1:Pending", "3:Approved");
    }

    @Test
    void healthShowsTheDatabaseNatsAndTheConsumer() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"db\"", "\"nats\"", "\"consumer\"", "query-model-worker")
                .doesNotContain("DOWN");
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

    /** An order event with the headers the event store sets (as {@link TestStream#publish}). */
    static NatsMessage message(String name, String eventId, String orderId, Long version, String body) {
        String type = TYPES.stream() + "." + name;
        Headers headers = new Headers()
                .put(EventHeaders.MSG_ID, eventId)
                .put(EventHeaders.EVENT_TYPE, type)
                .put(EventHeaders.AGGREGATE_ID, orderId)
                .put(EventHeaders.AGGREGATE_TYPE, OrderEventTypes.AGGREGATE_TYPE)
                .put(EventHeaders.CREATED_AT, Instant.now().toString())
                .put(EventHeaders.CORRELATION_ID, orderId)
                .put(EventHeaders.AGGREGATE_VERSION, version.toString());
        return NatsMessage.builder().subject(type).headers(headers).data(body.getBytes(StandardCharsets.UTF_8)).build();
    }

    /** Publishes an order event the way the event store does. */
    static void publish(String name, String eventId, String orderId, Long version, String body) throws Exception {
        STREAM.publish(TYPES.stream() + "." + name, eventId, null, orderId, version, body);
    }

    private static void assertFullOrder(String orderId) throws SQLException {
        Map<String, Object> order = order(orderId);
        assertThat(order).containsEntry("customerid", "c1").containsEntry("restaurantid", "r1");
        assertThat((BigDecimal) order.get("amount")).isEqualByComparingTo("31.50");
        assertThat(order.get("createdon")).isEqualTo(Instant.parse("2024-05-01T10:30:15.123456Z"));
        assertThat(items(orderId)).containsExactly(
                orderId + ":1 p1 Pizza 10.50 x2 c1",
                orderId + ":2 d1 Lemonade 10.50 x1 c1");
    }

    private static void awaitOrder(String orderId, String status, long version) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Map<String, Object> order = order(orderId);
            return order != null && status.equals(order.get("status"))
                    && Long.valueOf(version).equals(order.get("last_version"));
        });
    }

    private static Map<String, Object> order(String orderId) throws SQLException {
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

    private static List<String> items(String orderId) throws SQLException {
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

    private static List<String> history(String orderId) throws SQLException {
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

    private static long count(String sql) throws SQLException {
        try (var c = db(); var s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static java.sql.Connection db() throws SQLException {
        return DriverManager.getConnection(TestInfra.jdbcUrl(database), TestInfra.PG_ADMIN, "");
    }

    private static void awaitAllAcked() {
        STREAM.awaitAllAcked("query-model-worker");
    }

}
