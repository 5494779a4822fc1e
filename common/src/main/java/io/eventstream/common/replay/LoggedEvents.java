package io.eventstream.common.replay;

import io.eventstream.common.consumer.ReceivedEvent;
import io.eventstream.common.events.EventHeaders;
import io.eventstream.proto.eventstore.Event;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * An event read from the store's log ({@code GetEventsStream}) as a consumer would have received
 * it from JetStream: the same headers the store's outbox relay publishes (eventstore-service's
 * {@code EventMessages}), so a replay runs the live handler's translation unchanged.
 */
public final class LoggedEvents {

    private LoggedEvents() {
    }

    public static ReceivedEvent received(Event event) {
        Headers headers = new Headers();
        event.getMetadataMap().forEach(headers::put);
        headers.put(EventHeaders.MSG_ID, event.getEventId());
        headers.put(EventHeaders.EVENT_ID, event.getEventId());
        headers.put(EventHeaders.EVENT_TYPE, event.getEventType());
        headers.put(EventHeaders.AGGREGATE_ID, event.getAggregateId());
        headers.put(EventHeaders.AGGREGATE_TYPE, event.getAggregateType());
        headers.put(EventHeaders.AGGREGATE_VERSION, Long.toString(event.getVersion()));
        headers.put(EventHeaders.POSITION, Long.toString(event.getPosition()));
        if (event.hasCreatedAt()) {
            headers.put(EventHeaders.CREATED_AT, createdAt(event).toString());
        }
        return new ReceivedEvent(event.getEventType(), event.getEventId(), event.getAggregateId(), event.getVersion(),
                event.getEventData().getBytes(StandardCharsets.UTF_8), headers, 1, event.getPosition());
    }

    /** The store's created_at, to the microsecond (what the database keeps, and what the relay publishes). */
    public static Instant createdAt(Event event) {
        return Instant.ofEpochSecond(event.getCreatedAt().getSeconds(), event.getCreatedAt().getNanos());
    }
}
