package io.eventstream.orders.placing;

/** An Idempotency-Key that already placed an order came back with a different request. */
public class IdempotencyKeyReusedException extends RuntimeException {

    public IdempotencyKeyReusedException(String orderId) {
        super("Idempotency-Key already placed order " + orderId + " from a different request");
    }
}
