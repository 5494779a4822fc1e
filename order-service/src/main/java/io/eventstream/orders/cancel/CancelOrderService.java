package io.eventstream.orders.cancel;

import io.eventstream.common.events.OrderEventKind;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.events.OrderReason;
import io.eventstream.common.eventstore.EventStoreClient;
import io.eventstream.common.eventstore.EventStoreException;
import io.eventstream.common.eventstore.OrderEvents;
import io.eventstream.orders.order.EventStoreUnavailableException;
import io.eventstream.proto.eventstore.Event;
import io.grpc.Status;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * The customer's cancel: appends {@code <stream>.cancelrequested} (body
 * {@code {"OrderID":"…","Reason":"cancelled by the customer"}}) when the order's history in
 * the event store allows it; the saga coordinator does the rest (refund, Cancelled).
 *
 * <p>The request is appended at the version the history was read at, so it never lands
 * after an approval that got in meanwhile: the store answers ABORTED, the history is read
 * again and the answer is 409. Its id is derived from the order by common's {@code EventIds},
 * one cancel request per order (the saga's deadline cancel gets the same id by the same call):
 * a repeat is accepted again.
 */
@Service
public class CancelOrderService {

    public static final String REASON = "cancelled by the customer";
    private static final int ATTEMPTS = 5;

    private final EventStoreClient eventStore;
    private final OrderEventTypes types;

    public CancelOrderService(EventStoreClient eventStore, OrderEventTypes types) {
        this.eventStore = eventStore;
        this.types = types;
    }

    /** Returns when the cancel request is stored (now or before). */
    public void cancel(String orderId) {
        try {
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                List<Event> events = eventStore.eventsOf(orderId);
                List<String> history = events.stream().map(e -> types.shortName(e.getEventType())).toList();
                if (!history.contains("created")) {
                    throw new UnknownOrderException(orderId);
                }
                var refusal = Cancellation.refusal(history);
                if (refusal.isPresent()) {
                    throw new OrderNotCancellableException(orderId, refusal.get());
                }
                if (Cancellation.alreadyRequested(history)) {
                    return;
                }
                long version = events.stream().mapToLong(Event::getVersion).max().orElse(0);
                if (append(orderId, version)) {
                    return;
                }
            }
            throw new EventStoreUnavailableException("order " + orderId + " kept changing", null);
        } catch (EventStoreException e) {
            if (e.isTransient()) {
                throw new EventStoreUnavailableException("event store: " + e.code(), e);
            }
            throw e;
        }
    }

    private boolean append(String orderId, long version) {
        // No causation: the customer's request is the cause.
        Event event = OrderEvents.of(types, OrderEventKind.CANCEL_REQUESTED, orderId, new OrderReason(orderId, REASON),
                null);
        try {
            eventStore.append(event, version);
            return true;
        } catch (EventStoreException e) {
            if (e.code() == Status.Code.ABORTED || e.code() == Status.Code.ALREADY_EXISTS) {
                return false; // something was appended since we read: read again
            }
            throw e;
        }
    }
}
