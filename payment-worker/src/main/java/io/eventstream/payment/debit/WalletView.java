package io.eventstream.payment.debit;

import java.math.BigDecimal;

/**
 * A customer's wallet and the sums that explain its balance:
 * {@code openingCredit - debited + refunded = balance}.
 *
 * @param opened false for a customer who never ordered: the wallet opens at the first order
 */
public record WalletView(String customerId, BigDecimal openingCredit, BigDecimal balance, BigDecimal debited,
                         BigDecimal refunded, boolean opened) {
}
