package io.eventstream.orders.order;

/** Status names as the original writes them into the query model and its JSON. */
public final class OrderStatus {

    public static final String PENDING = "Pending";

    private OrderStatus() {
    }
}
