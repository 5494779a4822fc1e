package io.eventstream.querymodel.messaging;

import io.eventstream.common.consumer.ReceivedEvent;
import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.querymodel.projection.InvalidEventException;
import io.eventstream.querymodel.projection.OrderChange;
import io.eventstream.querymodel.projection.OrderDetails;
import io.eventstream.querymodel.projection.OrderStatus;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Turns a received order event into the change the read model applies.
 *
 * <ul>
 *   <li>Order id: the {@code Aggregate-Id} header; without it (a message of the original),
 *       the body's order_id (created) or OrderID (paymentdebited). A header and a body that
 *       disagree are poison.</li>
 *   <li>Version: the {@code Aggregate-Version} header; without it, the status's legacy
 *       version (created 1, paymentdebited 2, approved 3: the only order the original
 *       produced them in).</li>
 *   <li>Event id: {@code Event-Id}, else {@code Nats-Msg-Id}, else {@code nats:<stream sequence>}.</li>
 * </ul>
 */
public class OrderEventTranslator {

    private final OrderEventTypes types;

    public OrderEventTranslator(OrderEventTypes types) {
        this.types = types;
    }

    /** Empty for an event type the read model does not know: it is acked and ignored. */
    public Optional<OrderChange> translate(ReceivedEvent event) {
        Optional<OrderStatus> reached = OrderStatus.reachedBy(types.shortName(event.eventType()));
        if (reached.isEmpty()) {
            return Optional.empty();
        }
        OrderStatus status = reached.get();
        String orderId = event.aggregateId();
        OrderDetails details = null;
        if (status == OrderStatus.PENDING) {
            OrderJson.CreatedOrder created = OrderJson.created(event.data());
            orderId = agree(orderId, created.orderId());
            details = created.details();
        } else if (orderId == null && status == OrderStatus.PAYMENT_DEBITED) {
            orderId = OrderJson.paymentOrderId(event.data());
        }
        if (orderId == null || orderId.isBlank()) {
            throw new InvalidEventException(event.eventType() + " event names no order (no Aggregate-Id header)");
        }
        String reason = status == OrderStatus.PENDING || status == OrderStatus.APPROVED ? null
                : OrderJson.reason(event.data());
        return Optional.of(new OrderChange(orderId, version(event, status), eventId(event), event.eventType(),
                status, reason, reachedAt(event), details));
    }

    private static String agree(String fromHeader, String fromBody) {
        if (fromHeader != null && !fromHeader.equals(fromBody)) {
            throw new InvalidEventException("order_id " + fromBody + " differs from the event's aggregate " + fromHeader);
        }
        return fromBody;
    }

    private static long version(ReceivedEvent event, OrderStatus status) {
        if (event.version() > 0) {
            return event.version();
        }
        if (status.legacyVersion() > 0) {
            return status.legacyVersion();
        }
        throw new InvalidEventException(event.eventType() + " event has no Aggregate-Version header");
    }

    private static String eventId(ReceivedEvent event) {
        String id = event.header(EventHeaders.EVENT_ID);
        if (id == null || id.isBlank()) {
            id = event.eventId();
        }
        return id == null || id.isBlank() ? "nats:" + event.streamSequence() : id;
    }

    private static OffsetDateTime reachedAt(ReceivedEvent event) {
        String text = event.header(EventHeaders.CREATED_AT);
        if (text != null && !text.isBlank()) {
            try {
                return OffsetDateTime.parse(text);
            } catch (DateTimeParseException notOffset) {
                try {
                    return Instant.parse(text).atOffset(ZoneOffset.UTC);
                } catch (DateTimeParseException ignored) {
                    // fall through: when we saw it is the best we know
                }
            }
        }
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
