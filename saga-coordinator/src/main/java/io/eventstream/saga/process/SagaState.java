package io.eventstream.saga.process;

/** Where an order's process stands; the last three are terminal. */
public enum SagaState {
    STARTED("Started"),
    PAYMENT_DEBITED("PaymentDebited"),
    /** A cause to stop is known (payment failed, review rejected, cancel requested); a refund may be under way. */
    COMPENSATING("Compensating"),
    APPROVED("Approved"),
    REJECTED("Rejected"),
    CANCELLED("Cancelled");

    private final String label;

    SagaState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
