package io.eventstream.orders.query;

import io.eventstream.common.events.MalformedEventException;
import io.eventstream.common.events.OrderCreated;
import io.eventstream.common.events.OrderEventBody;
import io.eventstream.common.events.OrderEventKind;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.events.OrderReason;
import io.eventstream.common.events.PaymentFailed;
import io.eventstream.common.eventstore.OrderEvents;
import io.eventstream.common.eventstore.EventStoreClient;
import io.eventstream.common.eventstore.EventStoreException;
import io.eventstream.orders.order.Order;
import io.eventstream.orders.order.OrderFold;
import io.eventstream.orders.order.OrderItem;
import io.eventstream.orders.order.OrderState;
import io.eventstream.orders.order.RecordedEvent;
import io.eventstream.proto.eventstore.Event;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * An order as it was at a version or a time, folded ({@link OrderFold}) from its events as the
 * event store holds them (the source of truth, not the read model, which keeps only the latest state).
 */
@Service
public class OrderAsOf {

    private final EventStoreClient eventStore;
    private final OrderEventTypes types;

    public OrderAsOf(EventStoreClient eventStore, OrderEventTypes types) {
        this.eventStore = eventStore;
        this.types = types;
    }

    /** The order's events, parsed for the fold, in version order; empty when the store knows no such order. */
    public List<RecordedEvent> history(String orderId) {
        List<Event> events;
        try {
            events = eventStore.eventsOf(orderId);
        } catch (EventStoreException e) {
            throw UnreadableHistoryException.translate(orderId, e);
        }
        return events.stream().map(this::recorded).toList();
    }

    /** At {@code version}, which must be from 1 to the history's last version. */
    public Optional<OrderState> atVersion(String orderId, List<RecordedEvent> history, long version) {
        return OrderFold.upToVersion(orderId, history, version);
    }

    /** At a time: empty when the order had no event stored by then. */
    public Optional<OrderState> atTime(String orderId, List<RecordedEvent> history, Instant at) {
        return OrderFold.at(orderId, history, at);
    }

    private RecordedEvent recorded(Event event) {
        String name = types.shortName(event.getEventType());
        Instant createdAt = event.hasCreatedAt()
                ? Instant.ofEpochSecond(event.getCreatedAt().getSeconds(), event.getCreatedAt().getNanos()) : null;
        OrderEventBody body = OrderEventKind.ofSuffix(name).map(kind -> body(kind, event)).orElse(null);
        Order order = body instanceof OrderCreated created ? order(created) : null;
        String reason = body instanceof OrderReason r ? r.reason()
                : body instanceof PaymentFailed failed ? failed.reason() : null;
        return new RecordedEvent(event.getVersion(), event.getPosition(), event.getEventType(), name, createdAt,
                order, reason);
    }

    /**
     * Read through common's event language. A stored body that does not parse is still part of the
     * history (the fold counts its status), only without its details: this is a view, not a consumer.
     */
    private static OrderEventBody body(OrderEventKind kind, Event event) {
        try {
            return OrderEvents.body(kind, event);
        } catch (MalformedEventException e) {
            return null;
        }
    }

    private static Order order(OrderCreated created) {
        try {
            return new Order(UUID.fromString(created.orderId()), created.customerId(), created.status(),
                    created.createdOn(), created.restaurantId(), created.amount(), created.items().stream()
                            .map(item -> new OrderItem(item.code(), item.name(), item.unitPrice(), item.quantity()))
                            .toList());
        } catch (IllegalArgumentException | NullPointerException e) {
            return null; // not the order this service placed (no UUID, no time or amount): no placed data
        }
    }
}
