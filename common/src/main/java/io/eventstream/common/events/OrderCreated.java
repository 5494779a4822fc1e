package io.eventstream.common.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * {@code <stream>.created}: the order JSON of the contract, snake_case, in this field order:
 * {@code order_id, customer_id, status, created_on, restaurant_id, amount, order_items[code,
 * name, unit_price, quantity]}. Amounts are exact decimals as written (21.0 stays 21.0).
 *
 * @param orderId      required: a created body without it is malformed
 * @param customerId   null when absent
 * @param status       "Pending" as order-service writes it; null when absent
 * @param createdOn    RFC 3339 on the wire (any offset; written in UTC); null when absent
 * @param restaurantId null when absent
 * @param amount       the sum of the lines; null when absent
 * @param items        empty when absent
 */
public record OrderCreated(
        String orderId,
        String customerId,
        String status,
        Instant createdOn,
        String restaurantId,
        BigDecimal amount,
        List<Item> items) implements OrderEventBody {

    public OrderCreated {
        items = items == null ? List.of() : List.copyOf(items);
    }

    /** One order line; every field is required in the body. */
    public record Item(String code, String name, BigDecimal unitPrice, int quantity) {
    }
}
