package io.eventstream.payment.debit;

import java.math.BigDecimal;

/** The wallet did not cover the order's amount: nothing was debited. */
public record PaymentFailed(String orderId, String customerId, BigDecimal amount, String reason) {
}
