package io.eventstream.orders.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * An order as its events made it, up to some point: what {@link OrderFold} returns.
 * The placed data (customer, items, amount...) is null when the folded events hold no created event.
 *
 * @param version the version of the last event folded in
 * @param events  the events folded in, in version order
 */
public record OrderState(
        String orderId,
        String status,
        String customerId,
        String restaurantId,
        Instant createdOn,
        BigDecimal amount,
        List<OrderItem> items,
        String reason,
        long version,
        List<RecordedEvent> events) {

    public OrderState {
        items = items == null ? List.of() : List.copyOf(items);
        events = List.copyOf(events);
    }
}
