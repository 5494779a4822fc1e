package io.eventstream.payment.debit;

import java.math.BigDecimal;

/**
 * The customer was debited the order's amount.
 *
 * @param restaurantId the order's restaurant, or null when the order names none: carried so that
 *                     the review can judge the order from this event without reading its history
 */
public record PaymentDebited(String orderId, String customerId, BigDecimal amount, String restaurantId) {

    public PaymentDebited(String orderId, String customerId, BigDecimal amount) {
        this(orderId, customerId, amount, null);
    }
}
