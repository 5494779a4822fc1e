package io.eventstream.saga.process;

/** What the saga appends next for an order; each at most once per order. */
public record Command(Type type, String reason) {

    public enum Type {
        /** {@code refundrequested}: the payment worker gives the debit back. */
        REQUEST_REFUND,
        /** {@code cancelrequested} by the saga itself: the order missed its deadline. */
        REQUEST_CANCEL,
        /** {@code rejected}: terminal. */
        REJECT,
        /** {@code cancelled}: terminal. */
        CANCEL
    }
}
