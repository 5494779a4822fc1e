package io.eventstream.payment.debit;

/**
 * Where the outcome of a payment is recorded (the event store). Implementations are
 * idempotent per order: recording the same debit again changes nothing.
 */
public interface PaymentEvents {

    /**
     * @param debited        the debit
     * @param causationId    id of the event that caused it (the order's created event), or null
     */
    void paymentDebited(PaymentDebited debited, String causationId);
}
