package io.eventstream.payment.debit;

import java.math.BigDecimal;

/** What the payment needs to know of a created order. */
public record OrderToPay(String orderId, String customerId, BigDecimal amount) {
}
