package io.eventstream.common.eventstore;

import io.eventstream.common.events.Causation;
import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.events.EventIds;
import io.eventstream.common.events.OrderEventBody;
import io.eventstream.common.events.OrderEventKind;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.events.OrderCreated;
import io.eventstream.common.events.json.EventBodies;
import io.eventstream.common.events.upcast.EventBodyReader;
import io.eventstream.common.events.upcast.SchemaVersions;
import io.eventstream.proto.eventstore.Event;

/**
 * An order event ready to append, built the one way every writer builds it: the id of its
 * effect ({@link EventIds}), the type on the stream, the order as aggregate, the body through
 * {@link EventBodies}, the body's schema version ({@link SchemaVersions#KEY}), the order id as
 * correlation id and the cause's id as causation id; and a stored event's body read back the one
 * way every reader reads it ({@link EventBodyReader}: upcast from its schema version, then decoded).
 */
public final class OrderEvents {

    private OrderEvents() {
    }

    /**
     * @param causationId the id of the event that caused this one, or null (the created
     *                    event, a customer's cancel)
     */
    public static Event of(OrderEventTypes types, OrderEventKind kind, String orderId, OrderEventBody body,
                           String causationId) {
        Event.Builder event = Event.newBuilder()
                .setEventId(EventIds.of(kind, orderId))
                .setEventType(types.of(kind))
                .setAggregateId(orderId)
                .setAggregateType(OrderEventTypes.AGGREGATE_TYPE)
                .setEventData(EventBodies.encode(body))
                .setStream(types.stream())
                .putMetadata(SchemaVersions.KEY, SchemaVersions.currentText(kind))
                .putMetadata(EventHeaders.CORRELATION_ID, Causation.correlationId(orderId));
        if (causationId != null && !causationId.isBlank()) {
            event.putMetadata(EventHeaders.CAUSATION_ID, causationId);
        }
        return event.build();
    }

    /** A stored event's body, upcast from the schema version in its metadata (absent: the original's). */
    public static OrderEventBody body(OrderEventKind kind, Event event) {
        return EventBodyReader.read(kind, event.getMetadataMap().get(SchemaVersions.KEY), event.getEventData());
    }

    /** A stored created event's body, as {@link #body}. */
    public static OrderCreated created(Event event) {
        return EventBodyReader.created(event.getMetadataMap().get(SchemaVersions.KEY), event.getEventData());
    }
}
