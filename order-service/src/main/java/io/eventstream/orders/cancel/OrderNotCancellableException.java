package io.eventstream.orders.cancel;

/** The order is settled (Approved, Rejected, Cancelled) or on its way to Rejected: answers 409. */
public class OrderNotCancellableException extends RuntimeException {

    private final String status;

    public OrderNotCancellableException(String orderId, String status) {
        super("order " + orderId + " is " + status);
        this.status = status;
    }

    public String status() {
        return status;
    }
}
