package io.eventstream.common.eventstore;

import io.eventstream.common.events.Causation;
import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.events.EventIds;
import io.eventstream.common.events.OrderEventBody;
import io.eventstream.common.events.OrderEventKind;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.events.json.EventBodies;
import io.eventstream.proto.eventstore.Event;

/**
 * An order event ready to append, built the one way every writer builds it: the id of its
 * effect ({@link EventIds}), the type on the stream, the order as aggregate, the body through
 * {@link EventBodies}, the order id as correlation id and the cause's id as causation id.
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
                .putMetadata(EventHeaders.CORRELATION_ID, Causation.correlationId(orderId));
        if (causationId != null && !causationId.isBlank()) {
            event.putMetadata(EventHeaders.CAUSATION_ID, causationId);
        }
        return event.build();
    }
}
