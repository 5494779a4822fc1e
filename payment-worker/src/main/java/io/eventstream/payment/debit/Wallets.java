package io.eventstream.payment.debit;

import io.eventstream.common.events.PaymentRefunded;
import java.util.List;
import java.util.Optional;

/**
 * The customers' wallets (paymentsdb). Each operation is exactly once per order: the record
 * of a debit or refund is written in the same transaction as the balance change, so a
 * repeat finds it and changes nothing.
 */
public interface Wallets {

    /** Debits the order's amount if the balance covers it, else records a failure; a repeat answers the first outcome. */
    DebitOutcome debitOnce(OrderToPay order);

    /**
     * Debits every order in one transaction, with the same outcomes as {@link #debitOnce} one
     * after the other in list order: each wallet's debits are applied in that order, so its
     * balance decides each of them the same way. An order already recorded (or listed twice)
     * answers its first outcome. All or nothing: returns one outcome per order, in list order,
     * or throws having changed nothing.
     */
    List<DebitOutcome> debitAll(List<OrderToPay> orders);

    /** Gives the order's debit back; a repeat answers the same refund; empty when the order was never debited. */
    Optional<PaymentRefunded> refundOnce(String orderId);

    WalletView wallet(String customerId);
}
