package io.eventstream.payment.debit;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Debits a customer's wallet for each created order, or fails the payment when the balance
 * does not cover it, and gives a debit back when the saga asks for a refund.
 *
 * <p>The wallet change is committed first, then the event appended. If the append fails,
 * the message is redelivered: the wallet answers the outcome it already recorded and only
 * the event is written again (same id: stored once).
 */
public class PaymentService {

    private final Wallets wallets;
    private final PaymentEvents events;

    public PaymentService(Wallets wallets, PaymentEvents events) {
        this.wallets = wallets;
        this.events = events;
    }

    public DebitOutcome pay(OrderToPay order, String causationId) {
        validate(order);
        DebitOutcome outcome = wallets.debitOnce(order);
        if (outcome.debited()) {
            events.paymentDebited(new PaymentDebited(outcome.orderId(), outcome.customerId(), outcome.amount(),
                    order.restaurantId()),
                    causationId);
        } else {
            events.paymentFailed(new PaymentFailed(outcome.orderId(), outcome.customerId(), outcome.amount(),
                    outcome.reason()), causationId);
        }
        return outcome;
    }

    /** Empty when the order was never debited: there is nothing to give back. */
    public Optional<PaymentRefunded> refund(String orderId, String causationId) {
        if (isBlank(orderId)) {
            throw new InvalidOrderException("refund request names no order");
        }
        Optional<PaymentRefunded> refunded = wallets.refundOnce(orderId);
        refunded.ifPresent(r -> events.paymentRefunded(r, causationId));
        return refunded;
    }

    private static void validate(OrderToPay order) {
        if (isBlank(order.orderId())) {
            throw new InvalidOrderException("order has no order_id");
        }
        if (isBlank(order.customerId())) {
            throw new InvalidOrderException("order " + order.orderId() + " has no customer_id");
        }
        if (order.amount() == null || order.amount().compareTo(BigDecimal.ZERO) < 0) {
            throw new InvalidOrderException("order " + order.orderId() + " has no valid amount");
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
