package io.eventstream.querymodel.messaging;

import com.zaxxer.hikari.HikariDataSource;
import io.eventstream.common.consumer.ReceivedEvent;
import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.testing.TestInfra;
import io.eventstream.querymodel.jdbc.JdbcReadModel;
import io.eventstream.querymodel.jdbc.Transactions;
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
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the batch tests of OrderEventHandler share, against the real PostgreSQL: two databases of
 * the test class's own, one for the events one by one (the reference) and one for batches; a
 * handler on each; the saga's events as a busy stream has them; and every row of a test's orders
 * as text, to compare the two read models row for row.
 */
abstract class OrderEventHandlerBatchFixture {

    static final OrderEventTypes TYPES = new OrderEventTypes("ORDERS");
    static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    static String referenceDatabase;
    static String batchDatabase;
    static HikariDataSource referenceData;
    static HikariDataSource batchData;

    final AtomicLong sequence = new AtomicLong();
    OrderEventHandler reference;
    OrderEventHandler batches;
    String prefix;

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

    // ---- events

    /**
     * Orders with one of the saga's lifecycles each, interleaved as a busy stream has them:
     * each event a little after the previous one of its order, some late (out of order) and
     * some delivered twice.
     */
    List<ReceivedEvent> stream(Random random, int orders) {
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

    List<ReceivedEvent> lifecycle(String id, Random random) {
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

    ReceivedEvent created(String orderId, int items) {
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= items; i++) {
            lines.append(i > 1 ? "," : "").append("{\"code\":\"p").append(i).append("\",\"name\":\"Pizza ")
                    .append(i).append("\",\"unit_price\":").append(i).append(".5,\"quantity\":").append(i).append('}');
        }
        return event("created", orderId, 1, """
                {"order_id":"%s","customer_id":"c-%s","restaurant_id":"r1","amount":10,"status":"Pending",\
                "created_on":"2024-05-01T12:30:15.123456+02:00","order_items":[%s]}""".formatted(orderId, orderId, lines));
    }

    static String payment(String orderId) {
        return "{\"OrderID\":\"" + orderId + "\",\"CustomerID\":\"c1\",\"Amount\":10}";
    }

    static String reason(String orderId, String reason) {
        return "{\"OrderID\":\"" + orderId + "\",\"Reason\":\"" + reason + "\"}";
    }

    /** An event as the consumer receives it, with the event store's headers (ids and times fixed by its content). */
    ReceivedEvent event(String name, String orderId, long version, String body) {
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
    static HikariDataSource migrated(String database, String connectionInitSql) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(TestInfra.jdbcUrl(database));
        dataSource.setUsername(TestInfra.PG_ADMIN);
        dataSource.setMaximumPoolSize(4);
        dataSource.setConnectionInitSql(connectionInitSql);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/orders").load().migrate();
        return dataSource;
    }

    static OrderEventHandler handler(Transactions transactions) {
        return new OrderEventHandler(new OrderEventTranslator(TYPES), new JdbcReadModel(transactions));
    }

    /** Every row of this test's orders, items and history, as text (all columns but updated_at). */
    List<String> dump(DataSource dataSource) throws SQLException {
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

    void query(java.sql.Connection c, String sql, List<String> rows) throws SQLException {
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
