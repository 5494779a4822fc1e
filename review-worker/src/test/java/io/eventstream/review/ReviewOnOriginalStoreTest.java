package io.eventstream.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.events.EventIds;
import io.eventstream.common.events.OrderEventKind;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.testing.FakeOriginalStore;
import io.eventstream.common.testing.TestStream;
import io.eventstream.proto.eventstore.Event;
import io.nats.client.api.MessageInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Ours in place of the original's review-worker, the original's event store still running (a
 * fake that answers as it does: no health service, its fields only, INTERNAL for an order whose
 * approved has no body) and its messages on the real JetStream, without headers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ReviewOnOriginalStoreTest {

    private static final TestStream STREAM = TestStream.create();
    private static final OrderEventTypes TYPES = STREAM.types();
    private static final FakeOriginalStore STORE = FakeOriginalStore.started();

    @LocalServerPort
    int httpPort;

    @AfterAll
    static void cleanUp() throws Exception {
        STREAM.close();
        STORE.close();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        STREAM.register(registry);
        registry.add("spring.grpc.client.channel.eventstore.target", STORE::target);
        // The original's store knows no TLS: what README.md, "Moving from the original", tells
        // an operator to set while ours talks to it.
        registry.add("eventstream.tls.enabled", () -> "false");
        registry.add("eventstream.eventstore.deadline", () -> "2s");
        registry.add("eventstream.consumer.max-deliver-persistent", () -> "3");
    }

    @Test
    void theOriginalsHeaderlessDebitIsApprovedOnceInItsStoreAndReadinessIsUp() throws Exception {
        String orderId = UUID.randomUUID().toString();
        STORE.put(event(orderId, "created", "{\"order_id\":\"" + orderId + "\",\"customer_id\":\"c1\",\"status\":\"Pending\","
                + "\"created_on\":\"2026-12-04T22:27:05.123456789+01:00\",\"restaurant_id\":\"r1\",\"amount\":21,"
                + "\"order_items\":[{\"code\":\"p1\",\"name\":\"Pizza\",\"unit_price\":10.5,\"quantity\":2}]}"));
        String debit = "{\"OrderID\":\"" + orderId + "\",\"CustomerID\":\"c1\",\"Amount\":21}";
        STORE.put(event(orderId, "paymentdebited", debit));

        STREAM.nats().jetStream().publish(TYPES.paymentDebited(), debit.getBytes(StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(20)).until(() -> approvals(orderId).size() == 1);
        STREAM.awaitAllAcked("review-worker");
        Event approved = approvals(orderId).get(0);
        assertThat(approved.getEventId()).isEqualTo(EventIds.of(OrderEventKind.APPROVED, orderId));
        assertThat(approved.getEventData()).isEmpty();
        assertThat(deadLettersOf(orderId)).isEmpty();
        assertThat(readiness()).contains("\"status\":\"UP\"");
    }

    /**
     * A redelivered debit of an order the original already approved: its store answers INTERNAL
     * for that order's history on every try. Dead-lettered after max-deliver-persistent with the
     * reason, not retried for ever; and no second approval.
     */
    @Test
    void aDebitWhoseHistoryTheStoreCannotReadIsDeadLetteredAfterTheBound() throws Exception {
        String orderId = UUID.randomUUID().toString();
        String debit = "{\"OrderID\":\"" + orderId + "\",\"CustomerID\":\"c1\",\"Amount\":21}";
        STORE.put(event(orderId, "created", "{\"order_id\":\"" + orderId + "\"}"));
        STORE.put(event(orderId, "paymentdebited", debit));
        STORE.put(event(orderId, "approved", ""));

        STREAM.nats().jetStream().publish(TYPES.paymentDebited(), debit.getBytes(StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(30)).until(() -> deadLettersOf(orderId).size() == 1);
        STREAM.awaitAllAcked("review-worker");
        MessageInfo dead = deadLettersOf(orderId).get(0);
        assertThat(dead.getHeaders().getFirst(EventHeaders.DLQ_REASON)).contains("INTERNAL");
        assertThat(dead.getHeaders().getFirst(EventHeaders.DLQ_DELIVERIES)).isEqualTo("3");
        assertThat(dead.getHeaders().getFirst(EventHeaders.DLQ_CONSUMER)).isEqualTo("review-worker");
        assertThat(approvals(orderId)).hasSize(1);
    }

    private static List<Event> approvals(String orderId) {
        return STORE.eventsOf(orderId).stream().filter(e -> e.getEventType().equals(TYPES.approved())).toList();
    }

    private static List<MessageInfo> deadLettersOf(String orderId) {
        return STREAM.deadLetters().stream()
                .filter(m -> m.getData() != null && new String(m.getData(), StandardCharsets.UTF_8).contains(orderId))
                .toList();
    }

    private String readiness() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/actuator/health/readiness")).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    private static Event event(String orderId, String type, String data) {
        return Event.newBuilder().setEventId(UUID.randomUUID().toString()).setEventType(TYPES.stream() + "." + type)
                .setAggregateId(orderId).setAggregateType("order").setEventData(data).setStream(TYPES.stream()).build();
    }
}
