package io.eventstream.orders.order;

import io.eventstream.common.events.OrderEventKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** A placed order, as recorded in its created event. */
public record Order(
        UUID orderId,
        String customerId,
        String status,
        Instant createdOn,
        String restaurantId,
        BigDecimal amount,
        List<OrderItem> items) {

    public Order {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdOn, "createdOn");
        Objects.requireNonNull(amount, "amount");
        items = List.copyOf(items);
    }

    /**
     * A new Pending order. The time is cut to microseconds, the precision PostgreSQL and
     * CockroachDB store, so the read model shows the same created_on as the event.
     */
    public static Order place(UUID orderId, NewOrder request, Instant now) {
        BigDecimal amount = request.items().stream()
                .map(OrderItem::lineTotal)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        return new Order(orderId, request.customerId(), OrderEventKind.CREATED.status(), now.truncatedTo(ChronoUnit.MICROS),
                request.restaurantId(), amount, request.items());
    }

    /** Whether this order was placed from the same request (same customer, restaurant and lines). */
    public boolean placedFrom(NewOrder request) {
        if (!Objects.equals(customerId, request.customerId())
                || !Objects.equals(restaurantId, request.restaurantId())
                || items.size() != request.items().size()) {
            return false;
        }
        for (int i = 0; i < items.size(); i++) {
            if (!items.get(i).sameAs(request.items().get(i))) {
                return false;
            }
        }
        return true;
    }
}
