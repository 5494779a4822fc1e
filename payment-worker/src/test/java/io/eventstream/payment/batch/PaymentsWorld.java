package io.eventstream.payment.batch;

import com.zaxxer.hikari.HikariDataSource;
import io.eventstream.common.consumer.ReceivedEvent;
import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.eventstore.EventStoreClient;
import io.eventstream.common.testing.FakeEventStore;
import io.eventstream.common.testing.TestInfra;
import io.eventstream.common.testing.TestPki;
import io.eventstream.payment.debit.PaymentService;
import io.eventstream.payment.eventstore.EventStorePaymentEvents;
import io.eventstream.payment.jdbc.JdbcWallets;
import io.eventstream.payment.messaging.OrderCreatedHandler;
import io.eventstream.proto.eventstore.Event;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.nats.client.impl.Headers;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * A payment worker without NATS: a paymentsdb of its own on the real PostgreSQL, the real
 * wallets, service and handler, and common's in-memory event store over a real gRPC socket.
 */
final class PaymentsWorld implements AutoCloseable {

    static final OrderEventTypes TYPES = new OrderEventTypes("PAYBATCH");
    static final BigDecimal OPENING_CREDIT = new BigDecimal("100.00");
    private static final AtomicLong SEQUENCE = new AtomicLong();

    final String database;
    final HikariDataSource dataSource;
    final JdbcClient jdbc;
    final FakeEventStore store;
    final ManagedChannel channel;
    final PaymentService payments;
    final OrderCreatedHandler handler;

    PaymentsWorld() {
        database = TestInfra.createDatabase("payments_batch");
        Flyway.configure().dataSource(TestInfra.jdbcUrl(database), TestInfra.PG_ADMIN, "")
                .locations("classpath:db/payments").load().migrate();
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(TestInfra.jdbcUrl(database));
        dataSource.setUsername(TestInfra.PG_ADMIN);
        dataSource.setMaximumPoolSize(4);
        jdbc = JdbcClient.create(dataSource);
        store = FakeEventStore.started();
        channel = Grpc.newChannelBuilder(store.target().replace("static://", ""), TestPki.credentials(TestPki.dir(), "payment-worker"))
                .build();
        // A generous deadline: the first calls of a cold JVM on a busy machine can take a second or more.
        EventStoreClient client = new EventStoreClient(channel, Duration.ofSeconds(10));
        client.event("warm-up"); // connects now, not within a test's first batch
        payments = new PaymentService(new JdbcWallets(jdbc, new JdbcTransactionManager(dataSource), OPENING_CREDIT),
                new EventStorePaymentEvents(client, TYPES));
        handler = new OrderCreatedHandler(payments);
    }

    /** A created event as the consumer hands it over: the store's headers, the contract's body. */
    static ReceivedEvent created(String orderId, String customerId, String amount) {
        return created(orderId, """
                {"order_id":"%s","customer_id":"%s","restaurant_id":"r1","amount":%s,\
                "status":"Pending","created_on":"2024-05-01T10:00:00Z"}""".formatted(orderId, customerId, amount));
    }

    static ReceivedEvent created(String orderId, String body) {
        String eventId = "created-" + orderId;
        Headers headers = new Headers().put(EventHeaders.MSG_ID, eventId).put(EventHeaders.EVENT_ID, eventId)
                .put(EventHeaders.AGGREGATE_ID, orderId);
        return new ReceivedEvent(TYPES.created(), eventId, orderId, 1, body.getBytes(StandardCharsets.UTF_8), headers,
                1, SEQUENCE.incrementAndGet());
    }

    /** The customers' wallets: customer, opening credit, balance. */
    List<String> wallets(Collection<String> customers) {
        return jdbc.sql("SELECT customer_id || ' ' || opening_credit || ' ' || balance FROM wallets"
                        + " WHERE customer_id = ANY(CAST(? AS TEXT[])) ORDER BY customer_id")
                .param(customers.toArray(String[]::new)).query(String.class).list();
    }

    /** The orders' payment rows: order, kind, customer, amount, outcome, reason. */
    List<String> payments(Collection<String> orders) {
        return jdbc.sql("SELECT order_id || ' ' || kind || ' ' || customer_id || ' ' || amount || ' ' || outcome"
                        + " || ' ' || COALESCE(reason, '-') FROM payments"
                        + " WHERE order_id = ANY(CAST(? AS TEXT[])) ORDER BY order_id, kind")
                .param(orders.toArray(String[]::new)).query(String.class).list();
    }

    /** The payment events of these orders: id, type, body, causation. */
    List<String> events(Collection<String> orders) {
        return store.events().stream().filter(e -> orders.contains(e.getAggregateId()))
                .map(PaymentsWorld::describe).sorted().toList();
    }

    static String describe(Event e) {
        return e.getEventId() + " " + e.getEventType() + " " + e.getEventData() + " "
                + e.getMetadataMap().get(EventHeaders.CAUSATION_ID);
    }

    @Override
    public void close() {
        channel.shutdownNow();
        store.stop();
        dataSource.close();
        TestInfra.dropDatabase(database);
    }
}
