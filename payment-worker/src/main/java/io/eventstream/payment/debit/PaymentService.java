package io.eventstream.payment.debit;

import java.math.BigDecimal;

/**
 * Debits the customer for an order. For now every valid order is debited its full amount;
 * a wallet with balances (and a "payment failed" outcome) will grow here.
 */
public class PaymentService {

    private final PaymentEvents events;

    public PaymentService(PaymentEvents events) {
        this.events = events;
    }

    public PaymentDebited pay(OrderToPay order, String causationId) {
        validate(order);
        PaymentDebited debited = new PaymentDebited(order.orderId(), order.customerId(), order.amount());
        events.paymentDebited(debited, causationId);
        return debited;
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
