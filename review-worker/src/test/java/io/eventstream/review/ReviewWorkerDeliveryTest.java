package io.eventstream.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.events.EventIds;
import io.eventstream.common.events.OrderEventKind;
import io.eventstream.common.testing.DeadLettered;
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
import org.junit.jupiter.api.Test;

/**
 * How debits reach the review worker and what it does with each delivery: a message without headers
 * (as the original publishes); the same payment three times stays one approval; poison goes to the
 * DLQ; a payment while the store is down is approved once it is back; health.
 */
class ReviewWorkerDeliveryTest extends ReviewWorkerFixture {

    @Test
    void withoutAggregateIdHeaderTheOrderComesFromTheBody() throws Exception {
        String orderId = UUID.randomUUID().toString();
        // As the original publishes it: no metadata headers at all.
        stream.nats().jetStream().publish(types.paymentDebited(), paymentJson(orderId).getBytes(StandardCharsets.UTF_8));

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

        List<MessageInfo> dead = stream.awaitDeadLetters(2);
        DeadLettered.assertOneOf(dead, notJson, "not JSON", "review-worker", types.paymentDebited());
        DeadLettered.assertOneOf(dead, otherOrder, "differs");
        awaitAllAcked();
        assertThat(approvalsOf(notJson)).isEmpty();
        assertThat(approvalsOf(otherOrder)).isEmpty();
    }

    @Test
    void aPaymentWhileTheEventStoreIsDownIsApprovedWhenItIsBack() throws Exception {
        double redeliveredBefore = redelivered();
        String orderId = UUID.randomUUID().toString();
        store.stop();
        try {
            publishPayment(UUID.randomUUID().toString(), orderId, paymentJson(orderId));
            await().atMost(Duration.ofSeconds(15)).until(() -> redelivered() > redeliveredBefore);
            assertThat(approvalsOf(orderId)).isEmpty();
        } finally {
            store.start();
        }

        awaitApprovalOf(orderId);
        awaitAllAcked();
        assertThat(approvalsOf(orderId)).hasSize(1);
    }

    @Test
    void healthShowsNatsAndTheConsumer() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"nats\"", "\"consumer\"", "review-worker").doesNotContain("DOWN");
    }

    private double redelivered() {
        return meters.get("eventstream.consumer.redelivered").tag("consumer", "review-worker").counter().count();
    }
}
