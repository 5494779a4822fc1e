package io.eventstream.orders.order;

import java.util.List;
import java.util.Objects;

/** What a customer asked for, already validated: the input of placing an order. */
public record NewOrder(String customerId, String restaurantId, List<OrderItem> items) {

    public NewOrder {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(restaurantId, "restaurantId");
        items = List.copyOf(items);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("an order needs at least one item");
        }
    }
}
