package io.eventstream.payment.takeover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventstream.common.events.EventIds;
import io.eventstream.common.events.OrderEventKind;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.testing.TestTokens;
import io.eventstream.common.testing.FakeEventStore;
import io.eventstream.common.testing.OriginalConsumers;
import io.eventstream.common.testing.TestInfra;
import io.eventstream.common.testing.TestStream;
import io.eventstream.proto.eventstore.Event;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A running original, as our payment-worker finds it (docs/contract.md, "What the original's
 * services do on the wire"): ten orders on the stream, published without headers; the
 * original's push consumer {@code payment-worker} with queue group {@code payment-worker} has
 * acked the first four; it had also paid the fifth (its debit is in the store, under a random
 * id as the original wrote it) but stopped before acking it; the other five are unpaid. The
 * store holds each order's created event and the original's debits, and its approvals of the
 * first three.
 */
final class OriginalPayments {

    static final int ORDERS = 10;
    static final int ACKED = 4;
    static final int PAID = 5;

    final TestStream stream = TestStream.create();
    final OrderEventTypes types = stream.types();
    final FakeEventStore store = FakeEventStore.started();
    final String database = TestInfra.createDatabase("payments");
    final List<String> orders = new ArrayList<>();
    final long floor;

    OriginalPayments() {
        try {
            for (int i = 1; i <= ORDERS; i++) {
                String orderId = UUID.randomUUID().toString();
                orders.add(orderId);
                String body = createdBody(orderId);
                put(types.created(), orderId, body);
                stream.nats().jetStream().publish(types.created(), body.getBytes(StandardCharsets.UTF_8));
                if (i <= PAID) {
                    put(types.paymentDebited(), orderId,
                            "{\"OrderID\":\"" + orderId + "\",\"CustomerID\":\"c-" + orderId + "\",\"Amount\":21}");
                }
                if (i <= 3) {
                    put(types.approved(), orderId, "");
                }
            }
            floor = OriginalConsumers.push(stream.nats(), stream.name(), "payment-worker", types.created(), ACKED);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The worker's shipped settings, pointed at this world. */
    void register(DynamicPropertyRegistry registry) {
        stream.register(registry);
        store.register(registry);
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", TestTokens::publicKeyLocation);
        registry.add("eventstream.eventstore.deadline", () -> "2s");
        registry.add("spring.datasource.url", () -> TestInfra.jdbcUrl(database));
        registry.add("spring.datasource.username", () -> TestInfra.PG_ADMIN);
    }

    /** The created body as the original's order service wrote it (`amount` an integer, nanoseconds). */
    static String createdBody(String orderId) {
        return "{\"order_id\":\"" + orderId + "\",\"customer_id\":\"c-" + orderId + "\",\"status\":\"Pending\","
                + "\"created_on\":\"2026-12-04T21:27:05.123456789+01:00\",\"restaurant_id\":\"r1\",\"amount\":21,"
                + "\"order_items\":[{\"code\":\"p1\",\"name\":\"Pizza\",\"unit_price\":10.5,\"quantity\":2}]}";
    }

    /**
     * Every order paid exactly once, all acked, nothing dead-lettered: the original's debits kept
     * (no wallet debit of ours), the rest ours (the contract's id, one wallet debit each).
     */
    void assertEveryOrderPaidOnce(JdbcClient jdbc) {
        await().atMost(Duration.ofSeconds(20)).until(() -> orders.stream().allMatch(o -> !debitsOf(o).isEmpty()));
        stream.awaitAllAcked("payment-worker");
        for (int i = 0; i < orders.size(); i++) {
            String orderId = orders.get(i);
            boolean paidByTheOriginal = i < PAID;
            assertThat(debitsOf(orderId)).as("order %d: one debit", i + 1).singleElement()
                    .satisfies(e -> assertThat(e.getEventId().equals(EventIds.of(OrderEventKind.PAYMENT_DEBITED, orderId)))
                            .as("paid by ours").isEqualTo(!paidByTheOriginal));
            assertThat(walletDebits(jdbc, orderId)).as("order %d: wallet debits", i + 1).isEqualTo(paidByTheOriginal ? 0 : 1);
        }
        assertThat(stream.deadLetters()).isEmpty();
    }

    static int walletDebits(JdbcClient jdbc, String orderId) {
        return jdbc.sql("SELECT count(*) FROM payments WHERE order_id = ? AND kind = 'debit'").param(orderId)
                .query(Integer.class).single();
    }

    List<Event> debitsOf(String orderId) {
        return store.eventsOf(orderId).stream().filter(e -> e.getEventType().equals(types.paymentDebited())).toList();
    }

    void close() throws Exception {
        stream.close();
        store.stop();
        TestInfra.dropDatabase(database);
    }

    private void put(String type, String orderId, String data) {
        store.putOrderEvent(types.stream(), type, orderId, data);
    }
}
