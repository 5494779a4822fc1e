package io.eventstream.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.events.EventIds;
import io.eventstream.common.events.OrderEventKind;
import io.eventstream.common.testing.AppendedEvents;
import io.eventstream.common.testing.DeadLettered;
import io.eventstream.proto.eventstore.Event;
import io.nats.client.api.MessageInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The payment worker's debits: a created order is paid once with the contract's body, whether it comes
 * headerless from the original, three times, or after a debit an older worker stored; poison bodies
 * are dead-lettered and pay nothing; an order created while the event store is down is paid when it is
 * back.
 */
class PaymentWorkerDebitTest extends PaymentWorkerFixture {

    @Test
    void createdOrderIsPaidOnceWithTheContractBody() throws Exception {
        String orderId = UUID.randomUUID().toString();
        String createdId = UUID.randomUUID().toString();
        publishCreated(createdId, orderId, orderJson(orderId, "21.0"));

        Event debited = awaitPaymentOf(orderId);
        AppendedEvents.assertAnswer(debited, types, "paymentdebited", orderId, createdId);
        assertThat(debited.getEventData())
                .isEqualTo("{\"OrderID\":\"" + orderId + "\",\"CustomerID\":\"c-" + orderId
                        + "\",\"Amount\":21,\"RestaurantID\":\"r1\"}");
        awaitAllAcked();
        assertThat(paymentsOf(orderId)).hasSize(1);
    }

    /**
     * The original's created, as its store publishes it: no headers, {@code "amount":21}. Paid
     * once, published twice (the original has no idempotency); the debit's causation is the id
     * common derives for a headerless created ({@code created:<order>}), the same both times.
     */
    @Test
    void theOriginalsHeaderlessCreatedIsPaidOnce() throws Exception {
        String orderId = UUID.randomUUID().toString();
        byte[] body = orderJson(orderId, "21").getBytes(StandardCharsets.UTF_8);
        stream.nats().jetStream().publish(types.created(), body);

        Event debited = awaitPaymentOf(orderId);
        stream.nats().jetStream().publish(types.created(), body);
        awaitAllAcked();
        assertThat(paymentsOf(orderId)).singleElement().satisfies(e -> assertThat(e.getMetadataMap())
                .containsEntry(EventHeaders.CAUSATION_ID, EventIds.of(OrderEventKind.CREATED, orderId))
                .containsEntry(EventHeaders.CORRELATION_ID, orderId));
        assertThat(debited.getEventData()).contains("\"Amount\":21,");
        assertThat(stream.deadLetters()).noneMatch(m -> new String(m.getData(), StandardCharsets.UTF_8).contains(orderId));
    }

    @Test
    void theSameOrderPublishedThreeTimesIsPaidOnce() throws Exception {
        String orderId = UUID.randomUUID().toString();
        String body = orderJson(orderId, "10.50");
        int callsBefore = store.createCalls();
        String createdId = UUID.randomUUID().toString();
        // Different message ids: JetStream's duplicate window does not catch them, like a
        // re-publication after the window. Two carry the event id in Event-Id (an exact
        // duplicate for the store); the third only a message id of its own, so its causation
        // differs (the store answers ALREADY_EXISTS and the worker checks the stored effect).
        publishCreated(UUID.randomUUID().toString(), createdId, orderId, body);
        awaitPaymentOf(orderId);
        publishCreated(UUID.randomUUID().toString(), createdId, orderId, body);
        publishCreated(UUID.randomUUID().toString(), null, orderId, body);

        await().atMost(Duration.ofSeconds(15)).until(() -> store.createCalls() >= callsBefore + 3);
        awaitAllAcked();
        assertThat(paymentsOf(orderId)).singleElement().satisfies(e -> {
            assertThat(e.getEventData()).endsWith("\"Amount\":10.5,\"RestaurantID\":\"r1\"}");
            assertThat(e.getMetadataMap()).containsEntry(EventHeaders.CAUSATION_ID, createdId);
        });
        assertThat(stream.deadLetters()).noneMatch(m -> new String(m.getData(), StandardCharsets.UTF_8).contains(orderId));
    }

    @Test
    void aDebitStoredBeforeTheRestaurantWasCarriedCountsAsDone() throws Exception {
        String orderId = UUID.randomUUID().toString();
        // An older worker stored the debit without RestaurantID; then the created event came again.
        store.put(Event.newBuilder().setEventId(EventIds.of(OrderEventKind.PAYMENT_DEBITED, orderId))
                .setEventType(types.paymentDebited()).setAggregateId(orderId).setAggregateType("order")
                .setStream(types.stream())
                .setEventData("{\"OrderID\":\"" + orderId + "\",\"CustomerID\":\"c-" + orderId + "\",\"Amount\":3}")
                .build());
        int callsBefore = store.createCalls();
        publishCreated(UUID.randomUUID().toString(), orderId, orderJson(orderId, "3"));

        await().atMost(Duration.ofSeconds(15)).until(() -> store.createCalls() > callsBefore);
        awaitAllAcked();
        assertThat(paymentsOf(orderId)).singleElement().satisfies(e -> assertThat(e.getEventData()).endsWith("\"Amount\":3}"));
        assertThat(stream.deadLetters()).noneMatch(m -> new String(m.getData(), StandardCharsets.UTF_8).contains(orderId));
    }

    @Test
    void poisonBodiesAreDeadLetteredAndPayNothing() throws Exception {
        String notJson = UUID.randomUUID().toString();
        String noCustomer = UUID.randomUUID().toString();
        publishCreated(UUID.randomUUID().toString(), notJson, "{not json " + notJson);
        publishCreated(UUID.randomUUID().toString(), noCustomer, "{\"order_id\":\"" + noCustomer + "\",\"amount\":5}");

        List<MessageInfo> dead = stream.awaitDeadLetters(2);
        DeadLettered.assertOneOf(dead, notJson, "not JSON", "payment-worker", types.created());
        DeadLettered.assertOneOf(dead, noCustomer, "customer_id");
        awaitAllAcked();
        assertThat(paymentsOf(notJson)).isEmpty();
        assertThat(paymentsOf(noCustomer)).isEmpty();
    }

    @Test
    void anOrderCreatedWhileTheEventStoreIsDownIsPaidWhenItIsBack() throws Exception {
        double redeliveredBefore = meters.get("eventstream.consumer.redelivered").tag("consumer", "payment-worker").counter().count();
        String orderId = UUID.randomUUID().toString();
        store.stop();
        try {
            publishCreated(UUID.randomUUID().toString(), orderId, orderJson(orderId, "7"));
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> meters.get("eventstream.consumer.redelivered").tag("consumer", "payment-worker").counter().count() > redeliveredBefore);
            assertThat(paymentsOf(orderId)).isEmpty();
        } finally {
            store.start();
        }

        Event debited = awaitPaymentOf(orderId);
        assertThat(debited.getEventData()).endsWith("\"Amount\":7,\"RestaurantID\":\"r1\"}");
        awaitAllAcked();
        assertThat(paymentsOf(orderId)).hasSize(1);
    }
}
