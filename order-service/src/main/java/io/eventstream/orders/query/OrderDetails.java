package io.eventstream.orders.query;

import io.eventstream.orders.order.OrderItem;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * An order as the read model shows it. {@code history} is empty in list pages, which
 * leave it out to stay one query per page.
 */
public record OrderDetails(
        String orderId,
        String customerId,
        String status,
        Instant createdOn,
        String restaurantId,
        BigDecimal amount,
        String reason,
        List<OrderItem> items,
        List<StatusChange> history) {

    public OrderDetails {
        items = List.copyOf(items);
        history = List.copyOf(history);
    }
}
