package io.eventstream.orders.http;

/** No order with this id, or the read model has not seen its created event yet. */
public class OrderNotFoundException extends RuntimeException {

    public OrderNotFoundException(String orderId) {
        super("order " + orderId + " not found");
    }
}
