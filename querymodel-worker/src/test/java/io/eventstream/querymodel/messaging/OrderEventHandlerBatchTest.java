package io.eventstream.querymodel.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.eventstream.common.consumer.EventSpans;
import io.eventstream.common.consumer.ReceivedEvent;
import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.events.MalformedEventException;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.testing.TestInfra;
import io.eventstream.querymodel.jdbc.JdbcReadModel;
import io.eventstream.querymodel.jdbc.Transactions;
import io.eventstream.querymodel.projection.InvalidEventException;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Batches against the real PostgreSQL: the same events go one by one into one database and as
 * batches into another, and both read models must end up row for row the same.
 */
class OrderEventHandlerBatchTest {

    private static final OrderEventTypes TYPES = new OrderEventTypes("ORDERS");
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private static String referenceDatabase;
    private static String batchDatabase;
    private static HikariDataSource referenceData;
    private static HikariDataSource batchData;

    private final AtomicLong sequence = new AtomicLong();
    private OrderEventHandler reference;
    private OrderEventHandler batches;
    private String prefix;

    @BeforeAll
    static void createDatabases() {
        referenceDatabase = TestInfra.createDatabase("qmref");
        batchDatabase = TestInfra.createDatabase("qmbatch");
        // The reference need not wait for the disk at each of its many commits (that only makes the test slow).
        referenceData = migrated(referenceDatabase, "SET synchronous_commit = off");
        batchData = migrated(batchDatabase, "SELECT 1");
    }

    @AfterAll
    static void dropDatabases() {
        referenceData.close();
        batchData.close();
        TestInfra.dropDatabase(referenceDatabase);
        TestInfra.dropDatabase(batchDatabase);
    }

    @BeforeEach
    void setUp() {
        reference = handler(new Transactions(referenceData));
        batches = handler(new Transactions(batchData));
        prefix = UUID.randomUUID().toString().substring(0, 8) + "-";
    }

    @Test
    void aBatchEndsLikeTheSameEventsOneByOne() throws Exception {
        String a = prefix + "a";
        String b = prefix + "b";
        String c = prefix + "c";
        String d = prefix + "d";
        String e = prefix + "e";
        String big = prefix + "big";
        List<ReceivedEvent> batch = List.of(
                created(a, 2),
                event("paymentdebited", a, 2, payment(a)),     // the same order twice in one batch
                event("approved", b, 3, ""),                    // out of order: approved before created
                created(c, 0),
                created(a, 2),                                  // a duplicate
                created(b, 1),
                event("somethingnew", prefix + "ignored", 1, "{}"),
                created(d, 3),
                event("cancelrequested", d, 2, reason(d, "changed my mind")),
                event("cancelled", d, 3, reason(d, "changed my mind")),
                event("paymentdebited", d, 4, payment(d)),      // a late debit after the terminal status
                event("refundrequested", d, 5, reason(d, "paid after the cancellation")),
                event("paymentfailed", e, 2, reason(e, "no money")),
                event("rejected", e, 3, reason(e, "no money")),
                created(e, 1),
                created(big, 1001),                             // more items than one statement takes
                event("paymentdebited", b, 2, payment(b)));

        batch.forEach(reference::handle);
        batches.handleAll(batch, EventSpans.none());

        List<String> expected = dump(referenceData);
        assertThat(dump(batchData)).isEqualTo(expected);
        // ...and both are what the projection promises, not two equal mistakes.
        for (String row : List.of(
                "order " + a + " c-" + a + " PaymentDebited v2 reason=null amount=10.00 restaurant=r1 created=2024-05-01 10:30",
                "order " + b + " c-" + b + " Approved v3 reason=null amount=10.00 restaurant=r1 created=2024-05-01 10:30",
                "order " + c + " c-" + c + " Pending v1 reason=null",
                "order " + d + " c-" + d + " Cancelled v3 reason=changed my mind amount=10.00",
                "order " + e + " c-" + e + " Rejected v3 reason=no money amount=10.00",
                "history " + b + " 1 Pending null",
                "history " + d + " 5 RefundRequested paid after the cancellation")) {
            assertThat(expected).anyMatch(dumped -> dumped.startsWith(row));
        }
        assertThat(expected.stream().filter(row -> row.startsWith("item " + big + ":"))).hasSize(1001);
        assertThat(expected.stream().filter(row -> row.startsWith("item " + a + ":"))).hasSize(2);
        assertThat(expected).noneMatch(row -> row.contains("ignored"));
    }

    @Test
    void randomStreamsInBatchesOfAnySizeEndLikeOneByOne() throws Exception {
        for (int seed = 1; seed <= 4; seed++) {
            prefix = UUID.randomUUID().toString().substring(0, 8) + "-";
            Random random = new Random(seed);
            List<ReceivedEvent> stream = stream(random, 30);
            stream.forEach(reference::handle);
            for (int from = 0; from < stream.size(); ) {
                int to = Math.min(stream.size(), from + 1 + random.nextInt(64));
                batches.handleAll(stream.subList(from, to), EventSpans.none());
                from = to;
            }
            assertThat(dump(batchData)).as("seed %d", seed).isEqualTo(dump(referenceData));
        }
    }

    @Test
    void theSameBatchTwiceChangesNothing() throws Exception {
        List<ReceivedEvent> batch = stream(new Random(7), 20);
        batches.handleAll(batch, EventSpans.none());
        List<String> once = dump(batchData);

        batches.handleAll(batch, EventSpans.none());

        assertThat(dump(batchData)).isEqualTo(once);
        assertThat(once).hasSizeGreaterThan(20 * 3);
    }

    @Test
    void aBatchWithAnUnparsableEventThrowsAndCommitsNothing() throws Exception {
        String good = prefix + "good";
        String bad = prefix + "bad";
        List<ReceivedEvent> batch = List.of(
                created(good, 2),
                event("paymentdebited", good, 2, payment(good)),
                event("created", bad, 1, "not json"),
                event("approved", good, 3, ""));

        assertThatThrownBy(() -> batches.handleAll(batch, EventSpans.none()))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("not JSON");
        assertThat(dump(batchData)).isEmpty();

        // What the consumer does next: each event alone; only the bad one is poison.
        for (ReceivedEvent event : batch) {
            if (bad.equals(event.aggregateId())) {
                assertThatThrownBy(() -> batches.handle(event)).isInstanceOf(MalformedEventException.class);
            } else {
                batches.handle(event);
                reference.handle(event);
            }
        }
        assertThat(dump(batchData)).isEqualTo(dump(referenceData)).isNotEmpty();
    }

    @Test
    void aBatchTheDatabaseRejectsCommitsNothing() throws Exception {
        String good = prefix + "good";
        String bad = prefix + "bad";
        String nul = "{\"order_id\":\"" + bad + "\",\"amount\":1,\"order_items\":"
                + "[{\"code\":\"p1\",\"name\":\"Pi\\u0000zza\",\"unit_price\":1,\"quantity\":1}]}";
        List<ReceivedEvent> batch = List.of(created(good, 1), event("created", bad, 1, nul), created(prefix + "z", 1));

        // PostgreSQL takes no NUL in text (SQLSTATE 22021): the event can never be stored.
        assertThatThrownBy(() -> batches.handleAll(batch, EventSpans.none()))
                .isInstanceOf(InvalidEventException.class);
        assertThat(dump(batchData)).isEmpty();
    }

    /**
     * Four threads apply consecutive batches of one stream at once, as the consumer does: the
     * batches share orders (created in one, the debit in the next). With one attempt per
     * transaction, a deadlock (or any other retry) would fail the test; without the claim of
     * the orders in id order it does. The reference applies the same batches one after another
     * (equal to one by one, see above).
     */
    @Test
    void concurrentBatchesOfSharedOrdersNeitherDeadlockNorDiffer() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            OrderEventHandler once = handler(new Transactions(batchData, false));
            for (int round = 0; round < 10; round++) {
                prefix = UUID.randomUUID().toString().substring(0, 8) + "-";
                List<ReceivedEvent> stream = stream(new Random(100 + round), 80);
                List<Future<?>> running = new ArrayList<>();
                for (int from = 0; from < stream.size(); from += 24) {
                    List<ReceivedEvent> batch = stream.subList(from, Math.min(stream.size(), from + 24));
                    reference.handleAll(batch, EventSpans.none());
                    running.add(threads.submit(() -> {
                        once.handleAll(batch, EventSpans.none());
                        return null;
                    }));
                }
                for (Future<?> batch : running) {
                    batch.get();
                }
                assertThat(dump(batchData)).as("round %d", round).isEqualTo(dump(referenceData));
            }
        } finally {
            threads.shutdownNow();
        }
    }

    // ---- events

    /**
     * Orders with one of the saga's lifecycles each, interleaved as a busy stream has them:
     * each event a little after the previous one of its order, some late (out of order) and
     * some delivered twice.
     */
    private List<ReceivedEvent> stream(Random random, int orders) {
        record Timed(double at, ReceivedEvent event) {
        }
        List<Timed> timed = new ArrayList<>();
        for (int o = 0; o < orders; o++) {
            String id = prefix + "o" + o;
            double at = random.nextDouble() * orders;
            for (ReceivedEvent event : lifecycle(id, random)) {
                double when = at + (random.nextInt(10) == 0 ? -2 : 0) + random.nextDouble(); // a tenth arrive late
                timed.add(new Timed(when, event));
                if (random.nextInt(10) == 0) {
                    timed.add(new Timed(when + random.nextDouble() * 5, event)); // a redelivery
                }
                at += 1 + random.nextDouble() * 3;
            }
        }
        timed.sort(Comparator.comparingDouble(Timed::at));
        return timed.stream().map(Timed::event).toList();
    }

    private List<ReceivedEvent> lifecycle(String id, Random random) {
        ReceivedEvent created = created(id, random.nextInt(4));
        return switch (random.nextInt(5)) {
            case 0 -> List.of(created, event("paymentdebited", id, 2, payment(id)), event("approved", id, 3, ""));
            case 1 -> List.of(created, event("paymentfailed", id, 2, reason(id, "no money")),
                    event("rejected", id, 3, reason(id, "no money")));
            case 2 -> List.of(created, event("paymentdebited", id, 2, payment(id)),
                    event("reviewrejected", id, 3, reason(id, "too far")),
                    event("refundrequested", id, 4, reason(id, "too far")),
                    event("paymentrefunded", id, 5, payment(id)), event("rejected", id, 6, reason(id, "too far")));
            case 3 -> List.of(created, event("cancelrequested", id, 2, reason(id, "changed my mind")),
                    event("cancelled", id, 3, reason(id, "changed my mind")),
                    event("paymentdebited", id, 4, payment(id)),
                    event("refundrequested", id, 5, reason(id, "paid after the cancellation")),
                    event("paymentrefunded", id, 6, payment(id)));
            default -> List.of(created, event("paymentdebited", id, 2, payment(id)));
        };
    }

    private ReceivedEvent created(String orderId, int items) {
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= items; i++) {
            lines.append(i > 1 ? "," : "").append("{\"code\":\"p").append(i).append("\",\"name\":\"Pizza ")
                    .append(i).append("\",\"unit_price\":").append(i).append(".5,\"quantity\":").append(i).append('}');
        }
        return event("created", orderId, 1, """
                {"order_id":"%s","customer_id":"c-%s","restaurant_id":"r1","amount":10,"status":"Pending",\
                "created_on":"2024-05-01T12:30:15.123456+02:00","order_items":[%s]}""".formatted(orderId, orderId, lines));
    }

    private static String payment(String orderId) {
        return "{\"OrderID\":\"" + orderId + "\",\"CustomerID\":\"c1\",\"Amount\":10}";
    }

    private static String reason(String orderId, String reason) {
        return "{\"OrderID\":\"" + orderId + "\",\"Reason\":\"" + reason + "\"}";
    }

    /** An event as the consumer receives it, with the event store's headers (ids and times fixed by its content). */
    private ReceivedEvent event(String name, String orderId, long version, String body) {
        String type = TYPES.stream() + "." + name;
        String eventId = orderId + "/" + version + "/" + name;
        Headers headers = new Headers()
                .put(EventHeaders.MSG_ID, eventId)
                .put(EventHeaders.EVENT_ID, eventId)
                .put(EventHeaders.EVENT_TYPE, type)
                .put(EventHeaders.AGGREGATE_ID, orderId)
                .put(EventHeaders.AGGREGATE_VERSION, Long.toString(version))
                .put(EventHeaders.CREATED_AT, T0.plusSeconds(version).toString());
        return new ReceivedEvent(type, eventId, orderId, version, body.getBytes(StandardCharsets.UTF_8), headers, 1,
                sequence.incrementAndGet());
    }

    // ---- databases

    /** A pool, as the service has (a connection per statement would make the test slow). */
    private static HikariDataSource migrated(String database, String connectionInitSql) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(TestInfra.jdbcUrl(database));
        dataSource.setUsername(TestInfra.PG_ADMIN);
        dataSource.setMaximumPoolSize(4);
        dataSource.setConnectionInitSql(connectionInitSql);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/orders").load().migrate();
        return dataSource;
    }

    private static OrderEventHandler handler(Transactions transactions) {
        return new OrderEventHandler(new OrderEventTranslator(TYPES), new JdbcReadModel(transactions));
    }

    /** Every row of this test's orders, items and history, as text (all columns but updated_at). */
    private List<String> dump(DataSource dataSource) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (var c = dataSource.getConnection()) {
            query(c, """
                    SELECT 'order ' || id || ' ' || coalesce(customerid, 'null') || ' ' || status || ' v' || last_version
                        || ' reason=' || coalesce(reason, 'null') || ' amount=' || coalesce(amount::text, 'null')
                        || ' restaurant=' || coalesce(restaurantid, 'null')
                        || ' created=' || coalesce(to_char(createdon AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US'), 'null')
                    FROM orders WHERE id LIKE ? ORDER BY id""", rows);
            query(c, """
                    SELECT 'item ' || id || ' ' || orderid || ' ' || coalesce(customerid, 'null') || ' ' || code || ' '
                        || name || ' ' || unitprice || ' x' || quantity
                    FROM orderitems WHERE orderid LIKE ? ORDER BY id""", rows);
            query(c, """
                    SELECT 'history ' || orderid || ' ' || version || ' ' || status || ' ' || coalesce(reason, 'null')
                        || ' ' || event_id || ' ' || event_type || ' ' || to_char(reached_at AT TIME ZONE 'UTC', 'HH24:MI:SS')
                    FROM order_status_history WHERE orderid LIKE ? ORDER BY orderid, version""", rows);
        }
        return rows;
    }

    private void query(java.sql.Connection c, String sql, List<String> rows) throws SQLException {
        try (var s = c.prepareStatement(sql)) {
            s.setString(1, prefix + "%");
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
        }
    }
}
