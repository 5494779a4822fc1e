package io.eventstream.orders.placing;

import io.eventstream.common.eventstore.AppendResult;
import io.eventstream.common.eventstore.EventStoreClient;
import io.eventstream.common.eventstore.EventStoreException;
import io.eventstream.common.eventstore.StoreCallRetry;
import io.eventstream.orders.config.OrderServiceProperties;
import io.eventstream.orders.order.NewOrder;
import io.eventstream.orders.order.Order;
import io.eventstream.orders.order.EventStoreUnavailableException;
import io.eventstream.orders.order.OrderIds;
import io.eventstream.proto.eventstore.Event;
import io.grpc.Status;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Places an order by appending exactly one created event to the event store. There is no
 * other write, so an order is either fully placed or not at all.
 *
 * <p>Repeats are harmless by construction: the event id is derived from the order id, and
 * with an Idempotency-Key the order id is derived from the key, so the event store's
 * idempotency on event_id tells a repeat from a new order.
 */
@Service
public class PlaceOrderService {

    private static final Logger log = LoggerFactory.getLogger(PlaceOrderService.class);

    private final EventStoreClient eventStore;
    private final CreatedEventCodec codec;
    private final Clock clock;
    private final StoreCallRetry retry;

    public PlaceOrderService(EventStoreClient eventStore, CreatedEventCodec codec, OrderServiceProperties props,
                             Clock clock) {
        this.eventStore = eventStore;
        this.codec = codec;
        this.clock = clock;
        this.retry = new StoreCallRetry(props.appendAttempts(), props.appendBackoff());
    }

    public Placement place(NewOrder request, Optional<String> idempotencyKey) {
        UUID orderId = idempotencyKey
                .map(key -> OrderIds.forIdempotencyKey(request.customerId(), key))
                .orElseGet(UUID::randomUUID);
        Order order = Order.place(orderId, request, clock.instant());
        Event event = codec.encode(order);
        try {
            return appendWithRetry(event, order, request);
        } catch (EventStoreException e) {
            if (e.code() == Status.Code.ALREADY_EXISTS || e.code() == Status.Code.ABORTED) {
                // ALREADY_EXISTS: our event id, other content (an earlier request, another created_on).
                // ABORTED: the order already has a version; the store may check that before the id.
                return replay(event.getEventId(), orderId, request);
            }
            throw translate(e);
        }
    }

    private Placement appendWithRetry(Event event, Order order, NewOrder request) {
        return retry.call(attempt -> {
            if (attempt > 1) {
                log.warn("event store unavailable on append of order {}: attempt {}", order.orderId(), attempt);
            }
            AppendResult result = eventStore.append(event, 0);
            if (result.duplicate() && attempt == 1) {
                // Stored earlier with identical content, so by another request with this key.
                return replay(event.getEventId(), order.orderId(), request);
            }
            // A duplicate on a later attempt is our own earlier attempt whose answer was lost.
            return new Placement(order, false);
        });
    }

    private Placement replay(String eventId, UUID orderId, NewOrder request) {
        Optional<Event> stored;
        try {
            stored = eventStore.event(eventId);
        } catch (EventStoreException e) {
            throw translate(e);
        }
        Order earlier = stored.map(codec::decode).orElseThrow(() -> new OrderIdConflictException(orderId.toString()));
        if (!earlier.placedFrom(request)) {
            throw new IdempotencyKeyReusedException(orderId.toString());
        }
        return new Placement(earlier, true);
    }

    private static RuntimeException translate(EventStoreException e) {
        if (e.isTransient()) {
            return new EventStoreUnavailableException("event store: " + e.code(), e);
        }
        return e;
    }
}
