package io.eventstream.review;

import io.eventstream.common.testing.DeadLettered;
import io.eventstream.common.testing.TestPki;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.events.EventIds;
import io.eventstream.common.events.OrderEventKind;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.testing.FakeEventStore;
import io.eventstream.common.testing.TestStream;
import io.eventstream.proto.eventstore.Event;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.api.MessageInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The review worker end to end: real NATS, a gRPC event store over a real socket. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ReviewWorkerTest {

    private static final TestStream STREAM = TestStream.create();
    private static final OrderEventTypes TYPES = STREAM.types();
    private static final FakeEventStore store = FakeEventStore.started();

    @Autowired
    MeterRegistry meters;

    @LocalServerPort
    int httpPort;

    @AfterAll
    static void cleanUp() throws Exception {
        STREAM.close();
        store.stop();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        STREAM.register(registry);
        registry.add("spring.grpc.client.channel.eventstore.target", store::target);
        TestPki.register(registry);
        registry.add("eventstream.eventstore.deadline", () -> "2s");
        registry.add("eventstream.review.closed-restaurants", () -> "r-closed");
        registry.add("eventstream.review.review-limit", () -> "500");
    }

    @Test
    void aPaidOrderIsApprovedOnceWithEmptyData() throws Exception {
        String orderId = UUID.randomUUID().toString();
        String paymentId = UUID.randomUUID().toString();
        publishPayment(paymentId, orderId, paymentJson(orderId));

        Event approved = awaitApprovalOf(orderId);
        assertThat(approved.getEventId()).isEqualTo(EventIds.of(OrderEventKind.APPROVED, orderId))
                .isEqualTo(UUID.nameUUIDFromBytes(("approved:" + orderId).getBytes(StandardCharsets.UTF_8))
                        .toString());
        assertThat(approved.getEventType()).isEqualTo(TYPES.stream() + ".approved");
        assertThat(approved.getEventData()).isEmpty();
        assertThat(approved.getAggregateType()).isEqualTo("order");
        assertThat(approved.getStream()).isEqualTo(TYPES.stream());
        assertThat(approved.getMetadataMap())
                .containsEntry(EventHeaders.CORRELATION_ID, orderId)
                .containsEntry(EventHeaders.CAUSATION_ID, paymentId);
        awaitAllAcked();
        assertThat(approvalsOf(orderId)).hasSize(1);
    }

    @Test
    void withoutAggregateIdHeaderTheOrderComesFromTheBody() throws Exception {
        String orderId = UUID.randomUUID().toString();
        // As the original publishes it: no metadata headers at all.
        STREAM.nats().jetStream().publish(TYPES.paymentDebited(), paymentJson(orderId).getBytes(StandardCharsets.UTF_8));

        Event approved = awaitApprovalOf(orderId);
        assertThat(approved.getAggregateId()).isEqualTo(orderId);
        // The cause is the id common derives for a headerless debit: that effect's id, the same on every delivery.
        assertThat(approved.getMetadataMap()).containsEntry(EventHeaders.CORRELATION_ID, orderId)
                .containsEntry(EventHeaders.CAUSATION_ID, EventIds.of(OrderEventKind.PAYMENT_DEBITED, orderId));
    }

    @Test
    void theSamePaymentPublishedThreeTimesIsApprovedOnce() throws Exception {
        String orderId = UUID.randomUUID().toString();
        String body = paymentJson(orderId);
        String paymentId = UUID.randomUUID().toString();
        // Different message ids, so JetStream's duplicate window does not catch them.
        publishPayment(UUID.randomUUID().toString(), paymentId, orderId, body);
        awaitApprovalOf(orderId);
        int callsBefore = store.createCalls();
        publishPayment(UUID.randomUUID().toString(), paymentId, orderId, body);
        publishPayment(UUID.randomUUID().toString(), null, orderId, body);

        awaitAllAcked();
        // The history already has the approval: the repeats decide nothing and append nothing.
        assertThat(store.createCalls()).isEqualTo(callsBefore);
        assertThat(approvalsOf(orderId)).singleElement()
                .satisfies(e -> assertThat(e.getMetadataMap()).containsEntry(EventHeaders.CAUSATION_ID, paymentId));
    }

    @Test
    void poisonPaymentsAreDeadLetteredAndApproveNothing() throws Exception {
        String notJson = UUID.randomUUID().toString();
        String otherOrder = UUID.randomUUID().toString();
        publishPayment(UUID.randomUUID().toString(), notJson, "{not json");
        publishPayment(UUID.randomUUID().toString(), otherOrder, paymentJson(UUID.randomUUID().toString()));

        List<MessageInfo> dead = STREAM.awaitDeadLetters(2);
        DeadLettered.assertOneOf(dead, notJson, "not JSON", "review-worker", TYPES.paymentDebited());
        DeadLettered.assertOneOf(dead, otherOrder, "differs");
        awaitAllAcked();
        assertThat(approvalsOf(notJson)).isEmpty();
        assertThat(approvalsOf(otherOrder)).isEmpty();
    }

    @Test
    void aPaymentWhileTheEventStoreIsDownIsApprovedWhenItIsBack() throws Exception {
        double redeliveredBefore = meters.get("eventstream.consumer.redelivered").tag("consumer", "review-worker").counter().count();
        String orderId = UUID.randomUUID().toString();
        store.stop();
        try {
            publishPayment(UUID.randomUUID().toString(), orderId, paymentJson(orderId));
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> meters.get("eventstream.consumer.redelivered").tag("consumer", "review-worker").counter().count() > redeliveredBefore);
            assertThat(approvalsOf(orderId)).isEmpty();
        } finally {
            store.start();
        }

        awaitApprovalOf(orderId);
        awaitAllAcked();
        assertThat(approvalsOf(orderId)).hasSize(1);
    }

    @Test
    void anOrderOfAClosedRestaurantIsRejectedWithTheReason() throws Exception {
        String orderId = UUID.randomUUID().toString();
        store.put(created(orderId, "r-closed", "20"));
        publishPayment(UUID.randomUUID().toString(), orderId, paymentJson(orderId));

        await().atMost(Duration.ofSeconds(20)).until(() -> !eventsOf(TYPES.reviewRejected(), orderId).isEmpty());
        assertThat(eventsOf(TYPES.reviewRejected(), orderId)).singleElement().satisfies(e -> assertThat(e.getEventData())
                .isEqualTo("{\"OrderID\":\"" + orderId + "\",\"Reason\":\"restaurant r-closed is closed\"}"));
        assertThat(approvalsOf(orderId)).isEmpty();
    }

    @Test
    void anOrderAboveTheReviewLimitIsRejected() throws Exception {
        String orderId = UUID.randomUUID().toString();
        store.put(created(orderId, "r1", "500.01"));
        publishPayment(UUID.randomUUID().toString(), orderId, paymentJson(orderId));

        await().atMost(Duration.ofSeconds(20)).until(() -> !eventsOf(TYPES.reviewRejected(), orderId).isEmpty());
        assertThat(eventsOf(TYPES.reviewRejected(), orderId).get(0).getEventData())
                .contains("amount 500.01 is above the review limit 500");
    }

    @Test
    void anOrderTheCustomerAskedToCancelIsNeitherApprovedNorRejected() throws Exception {
        String orderId = UUID.randomUUID().toString();
        store.put(created(orderId, "r1", "20"));
        store.put(Event.newBuilder().setEventId(UUID.randomUUID().toString()).setEventType(TYPES.cancelRequested())
                .setAggregateId(orderId).setAggregateType("order").setStream(TYPES.stream())
                .setEventData("{\"OrderID\":\"" + orderId + "\",\"Reason\":\"cancelled by the customer\"}").build());
        publishPayment(UUID.randomUUID().toString(), orderId, paymentJson(orderId));

        awaitAllAcked();
        assertThat(approvalsOf(orderId)).isEmpty();
        assertThat(eventsOf(TYPES.reviewRejected(), orderId)).isEmpty();
    }

    @Test
    void aDebitThatCarriesTheOrderIsJudgedFromItAndAppendedAfterIt() throws Exception {
        String orderId = UUID.randomUUID().toString();
        store.put(created(orderId, "r-closed", "20"));
        Event debit = debited(orderId, "r-closed");
        store.put(debit);
        publishPayment(UUID.randomUUID().toString(), debit.getEventId(), orderId, debit.getEventData());

        await().atMost(Duration.ofSeconds(20)).until(() -> !eventsOf(TYPES.reviewRejected(), orderId).isEmpty());
        assertThat(eventsOf(TYPES.reviewRejected(), orderId)).singleElement().satisfies(e -> {
            assertThat(e.getEventData()).contains("restaurant r-closed is closed");
            assertThat(e.getVersion()).isEqualTo(3);
        });
    }

    @Test
    void aCancelThatGotInAfterTheDebitStopsTheVerdictTakenFromTheDebit() throws Exception {
        String orderId = UUID.randomUUID().toString();
        store.put(created(orderId, "r1", "20"));
        Event debit = debited(orderId, "r1");
        store.put(debit);
        store.put(Event.newBuilder().setEventId(UUID.randomUUID().toString()).setEventType(TYPES.cancelRequested())
                .setAggregateId(orderId).setAggregateType("order").setStream(TYPES.stream())
                .setEventData("{\"OrderID\":\"" + orderId + "\",\"Reason\":\"cancelled by the customer\"}").build());
        int callsBefore = store.createCalls();
        publishPayment(UUID.randomUUID().toString(), debit.getEventId(), orderId, debit.getEventData());

        awaitAllAcked();
        // The approval at version 2 was refused (the store is at 3); the history shows the cancel.
        assertThat(store.createCalls()).isEqualTo(callsBefore + 1);
        assertThat(approvalsOf(orderId)).isEmpty();
        assertThat(eventsOf(TYPES.reviewRejected(), orderId)).isEmpty();
    }

    @Test
    void aBurstOfPaymentsIsReviewedInBatchesEachOrderOnce() throws Exception {
        // Rejected every third order: a batch appends both kinds of verdict at once.
        List<String> orderIds = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String orderId = UUID.randomUUID().toString();
            orderIds.add(orderId);
            String restaurant = i % 3 == 0 ? "r-closed" : "r1";
            store.put(created(orderId, restaurant, "20"));
            Event debit = debited(orderId, restaurant);
            store.put(debit);
            publishPayment(UUID.randomUUID().toString(), debit.getEventId(), orderId, debit.getEventData());
        }

        awaitAllAcked();
        for (int i = 0; i < orderIds.size(); i++) {
            String orderId = orderIds.get(i);
            assertThat(approvalsOf(orderId)).as(orderId).hasSize(i % 3 == 0 ? 0 : 1);
            assertThat(eventsOf(TYPES.reviewRejected(), orderId)).as(orderId).hasSize(i % 3 == 0 ? 1 : 0);
        }
        // max-batch is on (application.yml): what arrived while a batch ran went in the next one.
        assertThat(meters.get("eventstream.consumer.batch.size").tag("consumer", "review-worker").summary().count())
                .isPositive();
    }

    private static Event debited(String orderId, String restaurantId) {
        return Event.newBuilder().setEventId(UUID.randomUUID().toString()).setEventType(TYPES.paymentDebited())
                .setAggregateId(orderId).setAggregateType("order").setStream(TYPES.stream())
                .setEventData("{\"OrderID\":\"" + orderId + "\",\"CustomerID\":\"c1\",\"Amount\":20,\"RestaurantID\":\""
                        + restaurantId + "\"}").build();
    }

    private static Event created(String orderId, String restaurantId, String amount) {
        return Event.newBuilder().setEventId(UUID.randomUUID().toString()).setEventType(TYPES.created())
                .setAggregateId(orderId).setAggregateType("order").setStream(TYPES.stream())
                .setEventData("{\"order_id\":\"" + orderId + "\",\"customer_id\":\"c1\",\"restaurant_id\":\""
                        + restaurantId + "\",\"amount\":" + amount + "}").build();
    }

    private static List<Event> eventsOf(String type, String orderId) {
        return store.eventsOfType(type).stream().filter(e -> e.getAggregateId().equals(orderId)).toList();
    }

    @Test
    void healthShowsNatsAndTheConsumer() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"nats\"", "\"consumer\"", "review-worker").doesNotContain("DOWN");
    }

    static String paymentJson(String orderId) {
        return "{\"OrderID\":\"" + orderId + "\",\"CustomerID\":\"c1\",\"Amount\":21}";
    }

    static void publishPayment(String messageId, String orderId, String body) throws Exception {
        publishPayment(messageId, null, orderId, body);
    }

    /** Publishes a paymentdebited event the way the event store does. */
    static void publishPayment(String messageId, String eventId, String orderId, String body) throws Exception {
        STREAM.publish(TYPES.paymentDebited(), messageId, eventId, orderId, 2L, body);
    }

    private static List<Event> approvalsOf(String orderId) {
        return store.eventsOfType(TYPES.approved()).stream()
                .filter(e -> e.getAggregateId().equals(orderId)).toList();
    }

    private static Event awaitApprovalOf(String orderId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !approvalsOf(orderId).isEmpty());
        return approvalsOf(orderId).get(0);
    }

    private static void awaitAllAcked() {
        STREAM.awaitAllAcked("review-worker");
    }

}
