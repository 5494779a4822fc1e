package io.eventstream.common.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.events.EventIds;
import io.eventstream.common.events.OrderEventKind;
import io.eventstream.common.eventstore.EventStoreException;
import io.eventstream.common.testing.TestStream;
import io.grpc.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.api.MessageInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The original's messages on the real JetStream, as its event store publishes them: no
 * headers, its bodies; its empty {@code approved}; and a store that answers INTERNAL for good.
 */
class OriginalMessagesConsumerTest {

    private static final String DURABLE = "original-test";

    private final TestStream stream = TestStream.create();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private DurableConsumer consumer;

    @AfterEach
    void cleanUp() throws Exception {
        if (consumer != null) {
            consumer.stop();
        }
        stream.close();
    }

    @Test
    void aHeaderlessMessageNamesTheOrderOfItsBodyAndTheSameIdOnEveryDelivery() throws Exception {
        String orderId = UUID.randomUUID().toString();
        List<ReceivedEvent> seen = new CopyOnWriteArrayList<>();
        start(settings(5, 10), event -> {
            seen.add(event);
            if (event.deliveryCount() == 1) {
                throw new IllegalStateException("first delivery fails, so it is redelivered");
            }
        });

        publishBare(stream.types().created(), "{\"order_id\":\"" + orderId + "\",\"customer_id\":\"c1\",\"status\":\"Pending\","
                + "\"created_on\":\"2026-12-04T21:00:00.123456789+01:00\",\"restaurant_id\":\"r1\",\"amount\":21,"
                + "\"order_items\":[{\"code\":\"p1\",\"name\":\"Pizza\",\"unit_price\":10.5,\"quantity\":2}]}");
        publishBare(stream.types().paymentDebited(), "{\"OrderID\":\"" + orderId + "\",\"CustomerID\":\"c1\",\"Amount\":21}");

        await().atMost(Duration.ofSeconds(15)).until(() -> seen.size() == 4);
        stream.awaitAllAcked(DURABLE);
        assertThat(seen).allSatisfy(e -> assertThat(e.aggregateId()).isEqualTo(orderId));
        assertThat(seen).filteredOn(e -> e.subject().endsWith(".created")).extracting(ReceivedEvent::causationId)
                .containsOnly(EventIds.of(OrderEventKind.CREATED, orderId)).hasSize(2);
        assertThat(seen).filteredOn(e -> e.subject().endsWith(".paymentdebited")).extracting(ReceivedEvent::eventId)
                .containsOnly(EventIds.of(OrderEventKind.PAYMENT_DEBITED, orderId)).hasSize(2);
        assertThat(stream.deadLetters()).isEmpty();
    }

    @Test
    void theOriginalsEmptyApprovedIsAckedAndCountedNotHandledNorDeadLettered() throws Exception {
        List<ReceivedEvent> handled = new CopyOnWriteArrayList<>();
        start(settings(2, 10), handled::add);

        publishBare(stream.types().approved(), "");
        publishBare(stream.types().approved(), "");
        String orderId = UUID.randomUUID().toString();
        publishBare(stream.types().paymentDebited(), "{\"OrderID\":\"" + orderId + "\",\"CustomerID\":\"c1\",\"Amount\":21}");

        await().atMost(Duration.ofSeconds(15)).until(() -> handled.size() == 1);
        stream.awaitAllAcked(DURABLE);
        assertThat(handled).singleElement().satisfies(e -> assertThat(e.aggregateId()).isEqualTo(orderId));
        assertThat(meters.get(UnreadableOriginals.METER).tag("consumer", DURABLE).counter().count()).isEqualTo(2);
        assertThat(stream.deadLetters()).isEmpty();
    }

    /** In batches too: the empty approved is taken out of the batch, the rest handled as one. */
    @Test
    void aBatchWithTheOriginalsEmptyApprovedHandsTheHandlerOnlyTheRest() throws Exception {
        List<ReceivedEvent> handled = new CopyOnWriteArrayList<>();
        BatchEventHandler batches = new BatchEventHandler() {
            @Override
            public void handle(ReceivedEvent event) {
                handled.add(event);
            }

            @Override
            public void handleAll(List<ReceivedEvent> events, EventSpans spans) {
                assertThat(events).noneMatch(ReceivedEvent::isUnreadableOriginal);
                handled.addAll(events);
            }
        };
        List<String> orders = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                UUID.randomUUID().toString());
        for (String orderId : orders) {
            publishBare(stream.types().paymentDebited(), "{\"OrderID\":\"" + orderId + "\",\"CustomerID\":\"c1\",\"Amount\":21}");
            publishBare(stream.types().approved(), "");
        }
        start(settings(2, 10).withMaxBatch(16), batches);

        await().atMost(Duration.ofSeconds(15)).until(() -> handled.size() == 3);
        stream.awaitAllAcked(DURABLE);
        assertThat(handled).extracting(ReceivedEvent::aggregateId).containsExactlyInAnyOrderElementsOf(orders);
        assertThat(meters.get(UnreadableOriginals.METER).tag("consumer", DURABLE).counter().count()).isEqualTo(3);
        assertThat(stream.deadLetters()).isEmpty();
    }

    @Test
    void anInternalFromTheStoreOnEveryDeliveryIsDeadLetteredAfterTheBoundWithItsReason() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        start(settings(2, 3), event -> {
            attempts.incrementAndGet();
            throw new EventStoreException(Status.Code.INTERNAL, "storage error", null);
        });
        String orderId = UUID.randomUUID().toString();

        publishBare(stream.types().paymentDebited(), "{\"OrderID\":\"" + orderId + "\",\"CustomerID\":\"c1\",\"Amount\":21}");

        await().atMost(Duration.ofSeconds(15)).until(() -> stream.deadLetters().size() == 1);
        stream.awaitAllAcked(DURABLE);
        MessageInfo dead = stream.deadLetters().get(0);
        assertThat(dead.getHeaders().getFirst(EventHeaders.DLQ_REASON))
                .contains("INTERNAL").contains("storage error").contains("delivery 3");
        assertThat(dead.getHeaders().getFirst(EventHeaders.DLQ_DELIVERIES)).isEqualTo("3");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void anotherFailureIsNotBoundedByIt() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        start(settings(2, 2), event -> {
            if (attempts.incrementAndGet() < 5) {
                throw new EventStoreException(Status.Code.UNAVAILABLE, "store down", null);
            }
        });

        publishBare(stream.types().paymentDebited(), "{\"OrderID\":\"o1\",\"CustomerID\":\"c1\",\"Amount\":21}");

        await().atMost(Duration.ofSeconds(20)).until(() -> attempts.get() >= 5);
        stream.awaitAllAcked(DURABLE);
        assertThat(stream.deadLetters()).isEmpty();
    }

    private ConsumerSettings settings(int maxDeliver, int maxDeliverPersistent) {
        return new ConsumerSettings(DURABLE, stream.types().allSubjects(), 2, 64, Duration.ofSeconds(2), maxDeliver,
                Duration.ofMillis(50), Duration.ofMillis(200)).withMaxDeliverPersistent(maxDeliverPersistent);
    }

    private void start(ConsumerSettings settings, EventHandler handler) {
        consumer = new DurableConsumer(stream.nats(), stream.name(), settings, handler, meters);
        consumer.start();
        await().atMost(Duration.ofSeconds(10)).until(consumer::isSubscribed);
    }

    /** As the original's store publishes: the body, no headers at all. */
    private void publishBare(String subject, String body) throws Exception {
        stream.nats().jetStream().publish(subject, body.getBytes(StandardCharsets.UTF_8));
    }

}
