package io.eventstream.common.events;

import java.math.BigDecimal;

/**
 * {@code <stream>.paymentrefunded} (ours): the debit was given back.
 * {@code {"OrderID":"…","CustomerID":"…","Amount":21}}.
 */
public record PaymentRefunded(String orderId, String customerId, BigDecimal amount) implements OrderEventBody {
}
