package io.eventstream.review.takeover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventstream.common.events.EventIds;
import io.eventstream.common.events.OrderEventKind;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.testing.FakeEventStore;
import io.eventstream.common.testing.OriginalConsumers;
import io.eventstream.common.testing.TestStream;
import io.eventstream.proto.eventstore.Event;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A running original, as our review-worker finds it (docs/contract.md): eight paid orders, their
 * debits on the stream without headers (the original's store sends none); the original's push
 * consumer {@code review-worker} with queue group {@code review-worker} has acked the first three;
 * it had approved the fourth too (its {@code approved}, empty, under a random id, is in the store)
 * but stopped before acking it. The store holds every order's created event and debit, as the
 * original wrote them.
 */
final class OriginalReviews {

    static final int ORDERS = 8;
    static final int ACKED = 3;
    static final int APPROVED = 4;

    final TestStream stream = TestStream.create();
    final OrderEventTypes types = stream.types();
    final FakeEventStore store = FakeEventStore.started();
    final List<String> orders = new ArrayList<>();
    final long floor;

    OriginalReviews() {
        try {
            for (int i = 1; i <= ORDERS; i++) {
                String orderId = UUID.randomUUID().toString();
                orders.add(orderId);
                put(types.created(), orderId, "{\"order_id\":\"" + orderId + "\",\"customer_id\":\"c1\",\"status\":"
                        + "\"Pending\",\"created_on\":\"2026-12-04T21:27:05.123456789+01:00\",\"restaurant_id\":\"r1\","
                        + "\"amount\":21,\"order_items\":[{\"code\":\"p1\",\"name\":\"Pizza\",\"unit_price\":10.5,"
                        + "\"quantity\":2}]}");
                String debit = "{\"OrderID\":\"" + orderId + "\",\"CustomerID\":\"c1\",\"Amount\":21}";
                put(types.paymentDebited(), orderId, debit);
                stream.nats().jetStream().publish(types.paymentDebited(), debit.getBytes(StandardCharsets.UTF_8));
                if (i <= APPROVED) {
                    put(types.approved(), orderId, "");
                }
            }
            floor = OriginalConsumers.push(stream.nats(), stream.name(), "review-worker", types.paymentDebited(), ACKED);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    void register(DynamicPropertyRegistry registry) {
        stream.register(registry);
        store.register(registry);
        registry.add("eventstream.eventstore.deadline", () -> "2s");
    }

    /** Every order approved exactly once: the original's approvals kept, the rest ours. */
    void assertEveryOrderApprovedOnce() {
        await().atMost(Duration.ofSeconds(20)).until(() -> orders.stream().allMatch(o -> !approvalsOf(o).isEmpty()));
        stream.awaitAllAcked("review-worker");
        for (int i = 0; i < orders.size(); i++) {
            String orderId = orders.get(i);
            assertThat(approvalsOf(orderId)).as("order %d: one approval", i + 1).singleElement()
                    .satisfies(e -> assertThat(e.getEventId().equals(EventIds.of(OrderEventKind.APPROVED, orderId)))
                            .as("approved by ours").isEqualTo(orders.indexOf(orderId) >= APPROVED));
        }
        assertThat(stream.deadLetters()).isEmpty();
    }

    List<Event> approvalsOf(String orderId) {
        return store.eventsOf(orderId).stream().filter(e -> e.getEventType().equals(types.approved())).toList();
    }

    void close() throws Exception {
        stream.close();
        store.stop();
    }

    private void put(String type, String orderId, String data) {
        store.putOrderEvent(types.stream(), type, orderId, data);
    }
}
