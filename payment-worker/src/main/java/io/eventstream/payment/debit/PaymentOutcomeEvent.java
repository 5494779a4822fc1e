package io.eventstream.payment.debit;

import io.eventstream.common.events.OrderEventBody;

/**
 * The event one debit outcome of a batch is recorded as: {@code PaymentDebited} or
 * {@code PaymentFailed}, with the id of the created event that caused it (or null).
 */
public record PaymentOutcomeEvent(OrderEventBody body, String causationId) {
}
