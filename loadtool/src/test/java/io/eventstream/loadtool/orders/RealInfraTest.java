package io.eventstream.loadtool.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.testing.TestInfra;
import io.eventstream.loadtool.stats.Timeline;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.PublishOptions;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tool's watcher, poller and verifier against real JetStream and PostgreSQL, with the real schemas. */
class RealInfraTest {

    private static final String BASE = TestInfra.jdbcUrl("");

    private String eventstoreDb;
    private String ordersDb;
    private String stream;
    private Connection nats;

    @BeforeEach
    void setUp() throws Exception {
        eventstoreDb = TestInfra.createDatabase("lt_es");
        ordersDb = TestInfra.createDatabase("lt_orders");
        migrate(eventstoreDb, "db/eventstore/V1__events_and_outbox.sql");
        migrate(ordersDb, "db/orders/V1__read_model.sql");
        nats = TestInfra.natsConnection();
        stream = TestInfra.uniqueStreamName();
        TestInfra.createStream(nats, stream);
    }

    @AfterEach
    void tearDown() throws Exception {
        TestInfra.deleteStream(nats, stream);
        nats.close();
        TestInfra.dropDatabase(eventstoreDb);
        TestInfra.dropDatabase(ordersDb);
    }

    @Test
    void followsAnOrderToItsEndInTheReadModelAndVerifiesIt() throws Exception {
        OrderBook book = new OrderBook(new Timeline(System.nanoTime()), Set.of("approved"), true);
        try (StreamWatcher watcher = new StreamWatcher(nats, stream, book);
             ReadModelPoller poller = new ReadModelPoller(BASE + ordersDb, TestInfra.PG_ADMIN, "", book,
                     Set.of("Approved"), 5)) {
            book.posted("o1", System.nanoTime(), System.nanoTime(), new BigDecimal("21.00"), 1);
            JetStream js = nats.jetStream();
            publish(js, "o1", "e1", "created");
            publish(js, "o1", "e2", "paymentdebited");
            publish(js, "o1", "e3", "approved");
            publish(js, "o1", "e3", "approved"); // a re-publish: JetStream drops it within its duplicate window
            waitFor(() -> book.terminalSeen.get() == 1);
            assertThat(book.completed.get()).isZero(); // the read model does not show it yet

            sql(ordersDb, "INSERT INTO orders (id, customerid, status, amount, last_version) VALUES ('o1', 'c', 'Approved', 21, 3)",
                    "INSERT INTO orderitems (id, orderid, code, name, unitprice, quantity) VALUES ('o1:1', 'o1', 'p1', 'Pizza', 10.5, 2)");
            waitFor(() -> book.completed.get() == 1);
            assertThat(book.streamDuplicates.get()).isZero();
            assertThat(book.commitToConsumerMicros.count()).isEqualTo(3);
            assertThat(poller.failure()).isNull();
        }
        sql(eventstoreDb, event("e1", "o1", "created", 1), event("e2", "o1", "paymentdebited", 2),
                event("e3", "o1", "approved", 3));
        Verification clean = verifier().verify(book.postedOrders(), book.streamDuplicates.get());
        assertThat(clean.clean()).as(clean.toString()).isTrue();

        // a second debit in the store, and a read model that missed the last version
        sql(eventstoreDb, event("e4", "o1", "paymentdebited", 4));
        Verification dirty = verifier().verify(book.postedOrders(), 0);
        assertThat(dirty.duplicateEvents()).isEqualTo(1);
        assertThat(dirty.readModelMismatches()).isEqualTo(1);
        assertThat(dirty.examples()).anyMatch(e -> e.contains("store says PaymentDebited"));
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private Verifier verifier() {
        return new Verifier(BASE, TestInfra.PG_ADMIN, "", eventstoreDb, ordersDb);
    }

    private void publish(JetStream js, String orderId, String eventId, String type) throws Exception {
        Headers headers = new Headers().add("Aggregate-Id", orderId).add("Event-Created-At", Instant.now().toString());
        js.publish(NatsMessage.builder().subject(stream + "." + type).headers(headers).data("{}").build(),
                PublishOptions.builder().messageId(eventId).build());
    }

    private static String event(String id, String orderId, String type, long version) {
        return "INSERT INTO events (id, eventtype, aggregateid, aggregatetype, stream, version) VALUES ('" + id
                + "', 'ORDERS." + type + "', '" + orderId + "', 'order', 'ORDERS', " + version + ")";
    }

    private static void migrate(String db, String resource) throws Exception {
        try (InputStream in = RealInfraTest.class.getClassLoader().getResourceAsStream(resource)) {
            sql(db, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static void sql(String db, String... statements) throws Exception {
        try (var c = DriverManager.getConnection(BASE + db, TestInfra.PG_ADMIN, "");
             Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }
}
