package io.eventstream.querymodel.messaging;

import com.zaxxer.hikari.HikariDataSource;
import io.eventstream.common.consumer.ReceivedEvent;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.querymodel.OrdersDatabase;
import io.eventstream.querymodel.StoredOrderEvents;
import io.eventstream.querymodel.jdbc.JdbcReadModel;
import io.eventstream.querymodel.jdbc.Transactions;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;
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

    static OrdersDatabase referenceDatabase;
    static OrdersDatabase batchDatabase;
    static HikariDataSource referenceData;
    static HikariDataSource batchData;

    final StoredOrderEvents events = new StoredOrderEvents(TYPES);
    OrderEventHandler reference;
    OrderEventHandler batches;
    String prefix;

    @BeforeAll
    static void createDatabases() {
        // A pool each, as the service has (a connection per statement would make the test slow). The
        // reference need not wait for the disk at each of its many commits (that would only slow it down).
        referenceDatabase = OrdersDatabase.migrated("qmref", 4, "SET synchronous_commit = off");
        batchDatabase = OrdersDatabase.migrated("qmbatch", 4);
        referenceData = referenceDatabase.data();
        batchData = batchDatabase.data();
    }

    @AfterAll
    static void dropDatabases() {
        referenceDatabase.close();
        batchDatabase.close();
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

    /** An event as the consumer receives it, with the event store's headers ({@link StoredOrderEvents}). */
    ReceivedEvent event(String name, String orderId, long version, String body) {
        return events.event(name, orderId, version, body);
    }

    // ---- databases

    static OrderEventHandler handler(Transactions transactions) {
        return new OrderEventHandler(new OrderEventTranslator(TYPES), new JdbcReadModel(transactions));
    }

    /** Every row of this test's orders, items and history, as text ({@link ReadModelRows}). */
    List<String> dump(DataSource dataSource) throws SQLException {
        return ReadModelRows.of(dataSource, prefix);
    }
}
