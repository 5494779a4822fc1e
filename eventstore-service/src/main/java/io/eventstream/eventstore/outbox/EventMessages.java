package io.eventstream.eventstore.outbox;

import io.eventstream.common.events.EventHeaders;
import io.eventstream.eventstore.read.StoredEvent;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * How a stored event looks on JetStream: subject = event type, body = event_data byte
 * for byte (the original's contract), everything else in headers.
 */
final class EventMessages {

    private EventMessages() {
    }

    static Message toMessage(StoredEvent event) {
        return toMessage(event, Map.of());
    }

    /** @param traceHeaders the publish span's context: replaces the one stored in the metadata */
    static Message toMessage(StoredEvent event, Map<String, String> traceHeaders) {
        Headers headers = new Headers();
        event.metadata().forEach(headers::put);
        traceHeaders.forEach(headers::put);
        headers.put(EventHeaders.MSG_ID, event.eventId());
        headers.put(EventHeaders.EVENT_ID, event.eventId());
        headers.put(EventHeaders.EVENT_TYPE, event.eventType());
        headers.put(EventHeaders.AGGREGATE_ID, event.aggregateId());
        headers.put(EventHeaders.AGGREGATE_TYPE, event.aggregateType());
        headers.put(EventHeaders.AGGREGATE_VERSION, Long.toString(event.version()));
        headers.put(EventHeaders.POSITION, Long.toString(event.position()));
        if (event.createdAt() != null) {
            headers.put(EventHeaders.CREATED_AT, event.createdAt().toString());
        }
        byte[] body = event.data() == null ? new byte[0] : event.data().getBytes(StandardCharsets.UTF_8);
        return NatsMessage.builder().subject(event.eventType()).headers(headers).data(body).build();
    }
}
