package io.eventstream.payment.debit;

import java.math.BigDecimal;

/** The customer was debited the order's amount. */
public record PaymentDebited(String orderId, String customerId, BigDecimal amount) {
}
