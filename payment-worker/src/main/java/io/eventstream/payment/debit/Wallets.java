package io.eventstream.payment.debit;

import java.util.Optional;

/**
 * The customers' wallets (paymentsdb). Each operation is exactly once per order: the record
 * of a debit or refund is written in the same transaction as the balance change, so a
 * repeat finds it and changes nothing.
 */
public interface Wallets {

    /** Debits the order's amount if the balance covers it, else records a failure; a repeat answers the first outcome. */
    DebitOutcome debitOnce(OrderToPay order);

    /** Gives the order's debit back; a repeat answers the same refund; empty when the order was never debited. */
    Optional<PaymentRefunded> refundOnce(String orderId);

    WalletView wallet(String customerId);
}
