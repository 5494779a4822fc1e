package io.eventstream.orders.cancel;

/** The event store has no such order: answers 404. */
public class UnknownOrderException extends RuntimeException {

    public UnknownOrderException(String orderId) {
        super("no order " + orderId);
    }
}
