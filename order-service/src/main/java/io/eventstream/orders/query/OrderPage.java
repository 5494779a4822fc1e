package io.eventstream.orders.query;

import java.util.List;

/** One page of a customer's orders, newest first. */
public record OrderPage(String customerId, int page, int size, long total, List<OrderDetails> orders) {

    public OrderPage {
        orders = List.copyOf(orders);
    }
}
