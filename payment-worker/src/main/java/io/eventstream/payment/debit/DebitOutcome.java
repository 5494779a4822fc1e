package io.eventstream.payment.debit;

import java.math.BigDecimal;

/**
 * What became of an order's debit: taken from the wallet, or refused with a reason.
 * The same order always gets the same outcome, however often it is asked.
 */
public record DebitOutcome(String orderId, String customerId, BigDecimal amount, boolean debited, String reason) {
}
