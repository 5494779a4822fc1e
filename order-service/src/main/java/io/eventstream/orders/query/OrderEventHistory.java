package io.eventstream.orders.query;

import io.eventstream.common.eventstore.EventStoreClient;
import io.eventstream.common.eventstore.EventStoreException;
import io.eventstream.proto.eventstore.Event;
import java.util.List;
import org.springframework.stereotype.Service;

/** An order's events, straight from the event store (the source of truth, not the read model). */
@Service
public class OrderEventHistory {

    private final EventStoreClient eventStore;

    public OrderEventHistory(EventStoreClient eventStore) {
        this.eventStore = eventStore;
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
}
