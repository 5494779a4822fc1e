package io.eventstream.common.testing;

import static org.awaitility.Awaitility.await;

import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.events.OrderEventTypes;
import io.nats.client.Connection;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A JetStream stream of a test's own on the real NATS, with what worker tests do to it:
 * publish an event the way the event store does, wait until a durable consumer acked
 * everything, read the dead-letter stream. {@link #close()} deletes both streams.
 */
public final class TestStream implements AutoCloseable {

    private final Connection nats;
    private final String name;
    private final OrderEventTypes types;

    private TestStream(Connection nats, String name) {
        this.nats = nats;
        this.name = name;
        this.types = new OrderEventTypes(name);
    }

    /** A new stream with a unique name and its dead-letter stream, configured like the bootstrapper's. */
    public static TestStream create() {
        try {
            Connection nats = TestInfra.natsConnection();
            String name = TestInfra.uniqueStreamName();
            TestInfra.createStreams(nats, name);
            return new TestStream(nats, name);
        } catch (Exception e) {
            throw new IllegalStateException("no test stream: " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public OrderEventTypes types() {
        return types;
    }

    public Connection nats() {
        return nats;
    }

    /**
     * The settings a service under test needs for this stream, with a consumer that gives up
     * and redelivers fast (ack-wait 2 s, 2 deliveries before the DLQ, back-off 100 ms to 1 s).
     */
    public void register(DynamicPropertyRegistry registry) {
        registry.add("eventstream.nats.url", () -> TestInfra.NATS_URL);
        registry.add("eventstream.nats.stream", () -> name);
        registry.add("eventstream.consumer.ack-wait", () -> "2s");
        registry.add("eventstream.consumer.max-deliver", () -> "2");
        registry.add("eventstream.consumer.backoff", () -> "100ms");
        registry.add("eventstream.consumer.max-backoff", () -> "1s");
    }

    /**
     * Publishes an order event with the headers the event store sets ({@link #message}).
     */
    public void publish(String eventType, String messageId, String eventId, String orderId, Long version,
                        String body) {
        try {
            nats.jetStream().publish(message(eventType, messageId, eventId, orderId, version, body));
        } catch (Exception e) {
            throw new IllegalStateException("publish failed: " + e.getMessage(), e);
        }
    }

    /**
     * An order event with the headers the event store sets, not yet published: for a test that
     * publishes many at once, or in an order of its own.
     *
     * @param eventType full type (= subject), e.g. {@code types().created()}
     * @param messageId Nats-Msg-Id
     * @param eventId   Event-Id header, or null for none
     * @param orderId   Aggregate-Id and Correlation-Id
     * @param version   Aggregate-Version, or null for none
     */
    public static NatsMessage message(String eventType, String messageId, String eventId, String orderId,
                                      Long version, String body) {
        Headers headers = new Headers()
                .put(EventHeaders.MSG_ID, messageId)
                .put(EventHeaders.EVENT_TYPE, eventType)
                .put(EventHeaders.AGGREGATE_ID, orderId)
                .put(EventHeaders.AGGREGATE_TYPE, OrderEventTypes.AGGREGATE_TYPE)
                .put(EventHeaders.CREATED_AT, Instant.now().toString())
                .put(EventHeaders.CORRELATION_ID, orderId);
        if (eventId != null) {
            headers.put(EventHeaders.EVENT_ID, eventId);
        }
        if (version != null) {
            headers.put(EventHeaders.AGGREGATE_VERSION, version.toString());
        }
        return NatsMessage.builder().subject(eventType).headers(headers)
                .data(body.getBytes(StandardCharsets.UTF_8)).build();
    }

    /** Waits until the durable consumer has nothing pending and nothing unacknowledged. */
    public void awaitAllAcked(String durable) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            ConsumerInfo info = nats.jetStreamManagement().getConsumerInfo(name, durable);
            return info.getNumPending() == 0 && info.getNumAckPending() == 0;
        });
    }

    /** Every message in the dead-letter stream; empty while it does not exist. */
    public List<MessageInfo> deadLetters() {
        try {
            var jsm = nats.jetStreamManagement();
            long last = jsm.getStreamInfo(types.deadLetterStream()).getStreamState().getLastSequence();
            List<MessageInfo> messages = new ArrayList<>();
            for (long seq = 1; seq <= last; seq++) {
                messages.add(jsm.getMessage(types.deadLetterStream(), seq));
            }
            return messages;
        } catch (Exception e) {
            return List.of();
        }
    }

    /** Waits (15 s at most) until at least {@code count} messages are dead-lettered, and returns them all. */
    public List<MessageInfo> awaitDeadLetters(int count) {
        await().atMost(Duration.ofSeconds(15)).until(() -> deadLetters().size() >= count);
        return deadLetters();
    }

    @Override
    public void close() throws InterruptedException {
        TestInfra.deleteStream(nats, name);
        TestInfra.deleteStream(nats, types.deadLetterStream());
        nats.close();
    }
}
