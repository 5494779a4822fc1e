package io.eventstream.payment.debit;

import java.math.BigDecimal;

/**
 * What the payment needs to know of a created order.
 *
 * @param restaurantId not needed to pay; passed on in the payment event (null when unknown)
 */
public record OrderToPay(String orderId, String customerId, BigDecimal amount, String restaurantId) {

    public OrderToPay(String orderId, String customerId, BigDecimal amount) {
        this(orderId, customerId, amount, null);
    }
}
