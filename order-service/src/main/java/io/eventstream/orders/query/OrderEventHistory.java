package io.eventstream.orders.query;

import io.eventstream.common.events.MalformedEventException;
import io.eventstream.common.events.OrderCreated;
import io.eventstream.common.events.OrderEventKind;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.events.json.EventBodies;
import io.eventstream.common.eventstore.EventStoreClient;
import io.eventstream.common.eventstore.EventStoreException;
import io.eventstream.proto.eventstore.Event;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** An order's events, straight from the event store (the source of truth, not the read model). */
@Service
public class OrderEventHistory {

    private final EventStoreClient eventStore;
    private final OrderEventTypes types;

    public OrderEventHistory(EventStoreClient eventStore, OrderEventTypes types) {
        this.eventStore = eventStore;
        this.types = types;
    }

    /**
     * The order's events in version order; empty when the store knows no such order.
     *
     * @throws UnreadableHistoryException when the store answers INTERNAL (the original's does for
     *                                    every approved order)
     */
    public List<Event> eventsOf(String orderId) {
        try {
            return eventStore.eventsOf(orderId);
        } catch (EventStoreException e) {
            throw UnreadableHistoryException.translate(orderId, e);
        }
    }

    /** The customer who placed the order: its created event's {@code CustomerID}; empty without one that parses. */
    public Optional<String> customerOf(List<Event> events) {
        for (Event event : events) {
            if (OrderEventKind.ofSuffix(types.shortName(event.getEventType())).orElse(null) == OrderEventKind.CREATED) {
                try {
                    var body = EventBodies.decode(OrderEventKind.CREATED, event.getEventData());
                    if (body instanceof OrderCreated created) {
                        return Optional.ofNullable(created.customerId());
                    }
                } catch (MalformedEventException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
