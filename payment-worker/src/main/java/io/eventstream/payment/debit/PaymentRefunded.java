package io.eventstream.payment.debit;

import java.math.BigDecimal;

/** The order's debit was given back to the customer's wallet. */
public record PaymentRefunded(String orderId, String customerId, BigDecimal amount) {
}
