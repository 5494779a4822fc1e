package io.eventstream.common.consumer;

import io.eventstream.common.events.Causation;
import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.events.upcast.SchemaVersions;
import io.eventstream.common.tracing.TracedDelivery;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;

/**
 * An event as a consumer receives it: the body (the event_data, byte for byte) and the
 * metadata the event store put in the headers.
 *
 * @param subject        the NATS subject, equal to the event type
 * @param eventId        the event id (header Nats-Msg-Id)
 * @param aggregateId    the aggregate (order) id, or null when the header is missing
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
        return new ReceivedEvent(
                msg.getSubject(),
                headers.getFirst(EventHeaders.MSG_ID),
                headers.getFirst(EventHeaders.AGGREGATE_ID),
                version,
                msg.getData() == null ? new byte[0] : msg.getData(),
                headers,
                meta == null ? 1 : meta.deliveredCount(),
                meta == null ? 0 : meta.streamSequence());
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
