package io.eventstream.orders.placing;

import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.orders.order.Order;
import io.eventstream.orders.order.OrderIds;
import io.eventstream.orders.wire.OrderJson;
import io.eventstream.proto.eventstore.Event;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** The created event of an order, to and from the event store. Its event_data is the contract's order JSON. */
@Component
public class CreatedEventCodec {

    private final OrderEventTypes types;
    private final JsonMapper json;

    public CreatedEventCodec(OrderEventTypes types, JsonMapper json) {
        this.types = types;
        this.json = json;
    }

    public Event encode(Order order) {
        String orderId = order.orderId().toString();
        return Event.newBuilder()
                .setEventId(OrderIds.createdEventId(order.orderId()).toString())
                .setEventType(types.created())
                .setAggregateId(orderId)
                .setAggregateType(OrderEventTypes.AGGREGATE_TYPE)
                .setEventData(json.writeValueAsString(OrderJson.from(order)))
                .setStream(types.stream())
                // Every later event of this order (payment, review) carries the same correlation id.
                .putMetadata(EventHeaders.CORRELATION_ID, orderId)
                .build();
    }

    public Order decode(Event event) {
        return json.readValue(event.getEventData(), OrderJson.class).toOrder();
    }
}
