package io.eventstream.querymodel.projection;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/** What the created event says about an order. */
public record OrderDetails(
        String customerId,
        String restaurantId,
        BigDecimal amount,
        OffsetDateTime createdOn,
        List<OrderLine> items) {

    public OrderDetails {
        items = List.copyOf(items);
    }
}
