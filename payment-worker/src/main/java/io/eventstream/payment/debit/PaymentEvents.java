package io.eventstream.payment.debit;

import io.eventstream.common.consumer.BatchScope;
import io.eventstream.common.events.PaymentDebited;
import io.eventstream.common.events.PaymentFailed;
import io.eventstream.common.events.PaymentRefunded;
import java.util.List;

/**
 * Where the outcome of a payment is recorded (the event store). Implementations are
 * idempotent per order: recording the same outcome again changes nothing.
 * Each takes the id of the event that caused it (created, refundrequested), or null.
 */
public interface PaymentEvents {

    void paymentDebited(PaymentDebited debited, String causationId);

    void paymentFailed(PaymentFailed failed, String causationId);

    void paymentRefunded(PaymentRefunded refunded, String causationId);

    /**
     * Records a batch's outcomes at once: the event at index {@code i} is made in {@code scope}
     * for {@code i} (its order's trace). Returns when every event is stored; else throws, once
     * every append has ended, the first failure with the others suppressed in it.
     */
    void recordAll(List<PaymentOutcomeEvent> outcomes, BatchScope scope) throws Exception;
}
