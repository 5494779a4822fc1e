package io.eventstream.querymodel.messaging;

import io.eventstream.common.consumer.ReceivedEvent;
import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.events.EventOrder;
import io.eventstream.common.events.OrderCreated;
import io.eventstream.common.events.OrderEventBody;
import io.eventstream.common.events.OrderEventKind;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.events.json.EventBodies;
import io.eventstream.common.events.upcast.EventBodyReader;
import io.eventstream.querymodel.projection.InvalidEventException;
import io.eventstream.querymodel.projection.OrderChange;
import io.eventstream.querymodel.projection.OrderDetails;
import io.eventstream.querymodel.projection.OrderLine;
import io.eventstream.querymodel.projection.OrderStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Turns a received order event into the change the read model applies. The body is upcast from
 * its schema version ({@link EventBodyReader}: the original's bodies read as ours) and read by
 * common's codec ({@link EventBodies}): one that does not parse is poison, as everywhere.
 *
 * <ul>
 *   <li>Order id: the {@code Aggregate-Id} header; without it (a message of the original),
 *       the body's order_id (created) or OrderID (common's {@code ReceivedEvent} does that for
 *       every worker). A header and a body that disagree are poison ({@link EventOrder}). The
 *       original's empty {@code approved} never gets here: the consumer acks and counts it.</li>
 *   <li>Version: the {@code Aggregate-Version} header; without it, the status's legacy
 *       version (created 1, paymentdebited 2, approved 3: the only order the original
 *       produced them in).</li>
 *   <li>Event id: {@code Event-Id}, else {@code Nats-Msg-Id}, else the id common derives for a
 *       message without headers ({@code HeaderlessEvents.eventIdOf}).</li>
 *   <li>What the read model could not store (an amount beyond DECIMAL(14,2), a negative price
 *       or quantity) is refused here, so such an event is dead-lettered instead of failing in
 *       the database for ever.</li>
 * </ul>
 */
public class OrderEventTranslator {

    private static final BigDecimal MAX_MONEY = new BigDecimal("1000000000000"); // DECIMAL(14, 2)

    private final OrderEventTypes types;

    public OrderEventTranslator(OrderEventTypes types) {
        this.types = types;
    }

    /** Empty for an event type the read model does not know: it is acked and ignored. */
    public Optional<OrderChange> translate(ReceivedEvent event) {
        Optional<OrderStatus> reached = OrderStatus.reachedBy(types.shortName(event.eventType()));
        Optional<OrderEventKind> kind = types.kindOf(event.eventType());
        if (reached.isEmpty() || kind.isEmpty()) {
            return Optional.empty();
        }
        OrderStatus status = reached.get();
        OrderEventBody body = EventBodyReader.read(kind.get(), event.schemaVersion(), event.data());
        String orderId = EventOrder.resolve(event.aggregateId(), body);
        if (orderId == null || orderId.isBlank()) {
            throw new InvalidEventException(event.eventType() + " event names no order (no Aggregate-Id header, none in the body)");
        }
        OrderDetails details = body instanceof OrderCreated created ? details(created) : null;
        return Optional.of(new OrderChange(orderId, version(event, status), eventId(event), event.eventType(),
                status, body.reason(), reachedAt(event), details));
    }

    private static OrderDetails details(OrderCreated created) {
        return new OrderDetails(created.customerId(), created.restaurantId(), money("amount", created.amount()),
                created.createdOn() == null ? null : created.createdOn().atOffset(ZoneOffset.UTC),
                created.items().stream().map(OrderEventTranslator::line).toList());
    }

    private static OrderLine line(OrderCreated.Item item) {
        if (item.quantity() < 0) {
            throw new InvalidEventException("order item " + item.code() + " has no valid quantity");
        }
        return new OrderLine(item.code(), item.name(), money("unit_price", item.unitPrice()), item.quantity());
    }

    private static BigDecimal money(String field, BigDecimal amount) {
        if (amount != null && (amount.signum() < 0 || amount.compareTo(MAX_MONEY) >= 0)) {
            throw new InvalidEventException(field + " is out of range: " + amount);
        }
        return amount;
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
        String id = event.causationId();
        return id == null ? "nats:" + event.streamSequence() : id;
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
