package io.eventstream.review;

import static org.awaitility.Awaitility.await;

import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.testing.FakeEventStore;
import io.eventstream.common.testing.TestStream;
import io.eventstream.proto.eventstore.Event;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The review worker end to end: real NATS (a stream of its own), a gRPC event store over a real
 * socket; and how its tests put an order's history in the store, publish its debit and find the
 * verdicts the worker appended.
 *
 * <p>{@code @DirtiesContext} gives each subclass a context of its own, so the stream and event store
 * are made with it (in {@link #properties}) and removed after that class, as when these tests were
 * one class.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
abstract class ReviewWorkerFixture {

    static TestStream stream;
    static OrderEventTypes types;
    static FakeEventStore store;

    @Autowired
    MeterRegistry meters;

    @LocalServerPort
    int httpPort;

    @AfterAll
    static void cleanUp() throws Exception {
        stream.close();
        store.stop();
    }

    /** Runs when a subclass's context is made: each test class gets its stream and event store. */
    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        stream = TestStream.create();
        types = stream.types();
        store = FakeEventStore.started();
        stream.register(registry);
        store.register(registry);
        registry.add("eventstream.eventstore.deadline", () -> "2s");
        registry.add("eventstream.review.closed-restaurants", () -> "r-closed");
        registry.add("eventstream.review.review-limit", () -> "500");
    }

    static String paymentJson(String orderId) {
        return "{\"OrderID\":\"" + orderId + "\",\"CustomerID\":\"c1\",\"Amount\":21}";
    }

    static void publishPayment(String messageId, String orderId, String body) throws Exception {
        publishPayment(messageId, null, orderId, body);
    }

    /** Publishes a paymentdebited event the way the event store does. */
    static void publishPayment(String messageId, String eventId, String orderId, String body) throws Exception {
        stream.publish(types.paymentDebited(), messageId, eventId, orderId, 2L, body);
    }

    /** Stores the order's created event, as the order service does, for the review to read from the history. */
    static Event putCreated(String orderId, String restaurantId, String amount) {
        return store.putOrderEvent(types.stream(), types.created(), orderId, "{\"order_id\":\"" + orderId
                + "\",\"customer_id\":\"c1\",\"restaurant_id\":\"" + restaurantId + "\",\"amount\":" + amount + "}");
    }

    /** Stores a debit that carries the order (restaurant and amount), as this port's payment worker does. */
    static Event putDebited(String orderId, String restaurantId) {
        return store.putOrderEvent(types.stream(), types.paymentDebited(), orderId, "{\"OrderID\":\"" + orderId
                + "\",\"CustomerID\":\"c1\",\"Amount\":20,\"RestaurantID\":\"" + restaurantId + "\"}");
    }

    static Event putCancelRequested(String orderId) {
        return store.putOrderEvent(types.stream(), types.cancelRequested(), orderId,
                "{\"OrderID\":\"" + orderId + "\",\"Reason\":\"cancelled by the customer\"}");
    }

    static List<Event> eventsOf(String type, String orderId) {
        return store.eventsOfType(type).stream().filter(e -> e.getAggregateId().equals(orderId)).toList();
    }

    static List<Event> approvalsOf(String orderId) {
        return eventsOf(types.approved(), orderId);
    }

    static List<Event> rejectionsOf(String orderId) {
        return eventsOf(types.reviewRejected(), orderId);
    }

    static Event awaitApprovalOf(String orderId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !approvalsOf(orderId).isEmpty());
        return approvalsOf(orderId).get(0);
    }

    static Event awaitRejectionOf(String orderId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !rejectionsOf(orderId).isEmpty());
        return rejectionsOf(orderId).get(0);
    }

    static void awaitAllAcked() {
        stream.awaitAllAcked("review-worker");
    }
}
