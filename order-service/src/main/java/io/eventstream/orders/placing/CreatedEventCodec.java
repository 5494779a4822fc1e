package io.eventstream.orders.placing;

import io.eventstream.common.events.OrderCreated;
import io.eventstream.common.events.OrderEventKind;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.eventstore.OrderEvents;
import io.eventstream.orders.order.Order;
import io.eventstream.orders.order.OrderItem;
import io.eventstream.proto.eventstore.Event;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The created event of an order, to and from the event store. Its event_data is the contract's
 * order JSON, written and read by common's codec (docs/contract.md, "Event bodies"); the same
 * bytes as this service's answer to the POST (PlaceOrderApiTest checks it).
 */
@Component
public class CreatedEventCodec {

    private final OrderEventTypes types;

    public CreatedEventCodec(OrderEventTypes types) {
        this.types = types;
    }

    /** No causation: the customer's request is the cause. Every later event of the order carries its id as correlation id. */
    public Event encode(Order order) {
        String orderId = order.orderId().toString();
        OrderCreated body = new OrderCreated(orderId, order.customerId(), order.status(), order.createdOn(),
                order.restaurantId(), order.amount(), order.items().stream()
                        .map(item -> new OrderCreated.Item(item.code(), item.name(), item.unitPrice(), item.quantity()))
                        .toList());
        return OrderEvents.of(types, OrderEventKind.CREATED, orderId, body, null);
    }

    /** A stored body that does not parse throws common's {@code MalformedEventException}. */
    public Order decode(Event event) {
        OrderCreated created = OrderEvents.created(event);
        return new Order(UUID.fromString(created.orderId()), created.customerId(), created.status(),
                created.createdOn(), created.restaurantId(), created.amount(), created.items().stream()
                        .map(item -> new OrderItem(item.code(), item.name(), item.unitPrice(), item.quantity()))
                        .toList());
    }
}
