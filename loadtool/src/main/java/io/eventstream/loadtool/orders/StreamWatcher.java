package io.eventstream.loadtool.orders;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.OrderedConsumerConfiguration;
import io.nats.client.impl.Headers;
import java.time.Instant;

/**
 * Follows the order stream from now on with a JetStream ordered consumer (no durable state on
 * the server, no acks): every order event arrives here once, as it does at the workers, so
 * the run learns when each order ends without asking the services about each one.
 */
final class StreamWatcher implements AutoCloseable {

    private final MessageConsumer consumer;

    StreamWatcher(Connection nats, String stream, OrderBook book) throws Exception {
        OrderedConsumerConfiguration config = new OrderedConsumerConfiguration()
                .filterSubject(stream + ".>").deliverPolicy(DeliverPolicy.New);
        this.consumer = nats.getStreamContext(stream).createOrderedConsumer(config)
                .consume(message -> onMessage(book, message));
    }

    private static void onMessage(OrderBook book, Message message) {
        long arrivalNanos = System.nanoTime();
        long arrivalMicros = epochMicros(Instant.now());
        Headers headers = message.getHeaders();
        if (headers == null) {
            return;
        }
        String orderId = headers.getFirst("Aggregate-Id");
        String eventId = headers.getFirst("Nats-Msg-Id");
        if (orderId == null || eventId == null) {
            return;
        }
        book.event(orderId, eventId, message.getSubject(), createdAt(headers.getFirst("Event-Created-At")),
                arrivalNanos, arrivalMicros);
    }

    static long createdAt(String header) {
        if (header == null || header.isBlank()) {
            return 0;
        }
        try {
            return epochMicros(Instant.parse(header));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    static long epochMicros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
    }

    @Override
    public void close() throws Exception {
        consumer.stop();
        consumer.close();
    }
}
