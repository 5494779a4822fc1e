package io.eventstream.common.consumer;

import io.eventstream.common.events.Causation;
import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.events.HeaderlessEvents;
import io.eventstream.common.events.upcast.SchemaVersions;
import io.eventstream.common.tracing.TracedDelivery;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;

/**
 * An event as a consumer receives it: the body (the event_data, byte for byte) and the
 * metadata the event store put in the headers.
 *
 * <p>A message without our headers (the original's store sends none) is read from its subject
 * and body ({@link HeaderlessEvents}): the order its body names, and an id derived from that (or
 * from the stream sequence), the same on every delivery, so handlers stay idempotent.
 *
 * @param subject        the NATS subject, equal to the event type
 * @param eventId        the event id (header Nats-Msg-Id); without it, derived by
 *                       {@link HeaderlessEvents#eventIdOf}
 * @param aggregateId    the aggregate (order) id (header Aggregate-Id); without it, the order the
 *                       body names; null when neither says
 * @param version        the aggregate version, or 0 when the header is missing
 * @param data           the body; empty for an event without data
 * @param headers        every header, for what the fields above do not cover
 * @param deliveryCount  1 on the first delivery, 2 on the first redelivery...
 * @param streamSequence the message's sequence in the stream
 */
public record ReceivedEvent(
        String subject,
        String eventId,
        String aggregateId,
        long version,
        byte[] data,
        Headers headers,
        long deliveryCount,
        long streamSequence) implements TracedDelivery {

    public static ReceivedEvent of(Message msg) {
        Headers headers = msg.getHeaders() == null ? new Headers() : msg.getHeaders();
        long version = 0;
        String versionText = headers.getFirst(EventHeaders.AGGREGATE_VERSION);
        if (versionText != null) {
            try {
                version = Long.parseLong(versionText);
            } catch (NumberFormatException ignored) {
                version = 0;
            }
        }
        var meta = msg.isJetStream() ? msg.metaData() : null;
        byte[] data = msg.getData() == null ? new byte[0] : msg.getData();
        long sequence = meta == null ? 0 : meta.streamSequence();
        String aggregateId = headers.getFirst(EventHeaders.AGGREGATE_ID);
        if (aggregateId == null || aggregateId.isBlank()) {
            aggregateId = HeaderlessOrderId.of(msg.getSubject(), headers.getFirst(SchemaVersions.KEY), data);
        }
        String eventId = headers.getFirst(EventHeaders.MSG_ID);
        if (eventId == null || eventId.isBlank()) {
            eventId = HeaderlessEvents.eventIdOf(msg.getSubject(), aggregateId, sequence);
        }
        return new ReceivedEvent(
                msg.getSubject(),
                eventId,
                aggregateId,
                version,
                data,
                headers,
                meta == null ? 1 : meta.deliveredCount(),
                sequence);
    }

    /**
     * The original's {@code approved} (no headers, empty body): no order can be read from it,
     * so the consumer acks and counts it instead of handing it to the handler
     * ({@link HeaderlessEvents#isUnreadableOriginal}).
     */
    public boolean isUnreadableOriginal() {
        return HeaderlessEvents.isUnreadableOriginal(!headers.isEmpty(), subject, data);
    }

    @Override
    public String eventType() {
        return subject;
    }

    public String dataAsString() {
        return new String(data, StandardCharsets.UTF_8);
    }

    /** This event's id as the cause of what a handler writes because of it (see {@link Causation}). */
    public String causationId() {
        return Causation.causationId(header(EventHeaders.EVENT_ID), eventId);
    }

    /** The body's schema version (header {@link SchemaVersions#KEY}), null when absent: the original's. */
    public String schemaVersion() {
        return header(SchemaVersions.KEY);
    }

    public String header(String name) {
        return headers.getFirst(name);
    }
}
