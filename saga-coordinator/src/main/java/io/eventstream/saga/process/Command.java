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
        CANCEL;

        /** The step the command's event is in the order's history. */
        public Step.Kind kind() {
            return switch (this) {
                case REQUEST_REFUND -> Step.Kind.REFUND_REQUESTED;
                case REQUEST_CANCEL -> Step.Kind.CANCEL_REQUESTED;
                case REJECT -> Step.Kind.REJECTED;
                case CANCEL -> Step.Kind.CANCELLED;
            };
        }
    }
}
