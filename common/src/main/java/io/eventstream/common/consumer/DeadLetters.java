package io.eventstream.common.consumer;

import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.nats.OrderStreams;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a poison message to the dead-letter stream {@code <stream>_DLQ} (subject
 * {@code <stream>_DLQ.<durable>}, the reason in {@code Dead-Letter-*} headers) and acks it.
 *
 * <p>The dead-letter stream is the bootstrapper's to create ({@link OrderStreams#deadLetters}),
 * never the consumer's: one creator, one configuration. When it is missing, the message is not
 * acked (the caller naks it with back-off, so it waits on the server and nothing is lost), one
 * line says that the bootstrapper must create it, and {@link #streamMissing()} tells the health
 * indicator, until a dead letter goes through again.
 */
final class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DurableConsumer.class);
    private static final int MAX_REASON_LENGTH = 1000;
    /**
     * JetStream's JSStreamNotFoundErr
     * (https://github.com/nats-io/nats-server/blob/main/server/errors.json).
     */
    private static final int STREAM_NOT_FOUND = 10059;

    private final Connection connection;
    private final OrderEventTypes types;
    private final String durableName;
    private final ConsumerMetrics metrics;
    private volatile boolean streamMissing;

    DeadLetters(Connection connection, OrderEventTypes types, String durableName, ConsumerMetrics metrics) {
        this.connection = connection;
        this.types = types;
        this.durableName = durableName;
        this.metrics = metrics;
    }

    String stream() {
        return types.deadLetterStream();
    }

    /** True after a dead letter failed because the stream does not exist, until one goes through. */
    boolean streamMissing() {
        return streamMissing;
    }

    /** Publishes the message to the dead-letter stream and acks it; false (nothing acked) when that failed. */
    boolean send(Message msg, ReceivedEvent event, String reason) {
        Headers headers = new Headers(msg.getHeaders());
        // Our own id, so a dead-letter publish repeated after a lost ack is de-duplicated.
        headers.put(EventHeaders.MSG_ID, "dlq:" + types.stream() + ":" + durableName + ":" + event.streamSequence());
        headers.put(EventHeaders.DLQ_REASON, headerSafe(reason));
        headers.put(EventHeaders.DLQ_CONSUMER, durableName);
        headers.put(EventHeaders.DLQ_SUBJECT, msg.getSubject());
        headers.put(EventHeaders.DLQ_STREAM_SEQUENCE, Long.toString(event.streamSequence()));
        headers.put(EventHeaders.DLQ_DELIVERIES, Long.toString(event.deliveryCount()));
        try {
            connection.jetStream().publish(NatsMessage.builder()
                    .subject(OrderStreams.deadLetterSubject(types, durableName))
                    .headers(headers)
                    .data(event.data())
                    .build());
            msg.ack();
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            failed(event, e);
            return false;
        }
        metrics.deadLettered();
        if (streamMissing) {
            streamMissing = false;
            log.info("{}: dead-letter stream {} is there now", durableName, stream());
        }
        log.error("{}: dead-lettered message {} on {} after {} deliveries: {}", durableName,
                event.streamSequence(), msg.getSubject(), event.deliveryCount(), headerSafe(reason));
        return true;
    }

    private void failed(ReceivedEvent event, Exception e) {
        if (!isStreamMissing()) {
            log.warn("{}: cannot dead-letter {} yet: {}", durableName, event.streamSequence(), e.toString());
        } else if (!streamMissing) {
            // Once per outage, not once per retry: the message comes back every max-backoff.
            streamMissing = true;
            log.error("{}: the dead-letter stream {} does not exist; the bootstrapper must create it "
                    + "(consumers never do); until then poison messages are not acked and wait on the server",
                    durableName, stream());
        } else {
            log.debug("{}: message {} still waits for the dead-letter stream {}", durableName,
                    event.streamSequence(), stream());
        }
    }

    /** Asked only after a failed publish: a publish to a subject no stream takes fails without saying why. */
    private boolean isStreamMissing() {
        try {
            connection.jetStreamManagement().getStreamInfo(stream());
            return false;
        } catch (JetStreamApiException e) {
            return e.getApiErrorCode() == STREAM_NOT_FOUND;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** A header value (and a log line) is one line of printable ASCII. */
    static String headerSafe(String reason) {
        if (reason == null || reason.isBlank()) {
            return "unknown";
        }
        StringBuilder safe = new StringBuilder(Math.min(reason.length(), MAX_REASON_LENGTH));
        for (int i = 0; i < reason.length() && safe.length() < MAX_REASON_LENGTH; i++) {
            char c = reason.charAt(i);
            safe.append(c >= 0x20 && c < 0x7f ? c : ' ');
        }
        return safe.toString();
    }
}
