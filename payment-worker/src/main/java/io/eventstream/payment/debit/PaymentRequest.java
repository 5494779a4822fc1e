package io.eventstream.payment.debit;

/**
 * One order of a batch to pay, with the id of the event that asked for it.
 *
 * @param causationId the created event's id, recorded as the payment event's cause (or null)
 */
public record PaymentRequest(OrderToPay order, String causationId) {
}
