package io.eventstream.payment.debit;

import io.eventstream.common.events.PaymentDebited;
import io.eventstream.common.events.PaymentFailed;
import io.eventstream.common.events.PaymentRefunded;

/**
 * Where the outcome of a payment is recorded (the event store). Implementations are
 * idempotent per order: recording the same outcome again changes nothing.
 * Each takes the id of the event that caused it (created, refundrequested), or null.
 */
public interface PaymentEvents {

    void paymentDebited(PaymentDebited debited, String causationId);

    void paymentFailed(PaymentFailed failed, String causationId);

    void paymentRefunded(PaymentRefunded refunded, String causationId);
}
