package io.eventstream.common.events;

import java.math.BigDecimal;

/**
 * {@code <stream>.paymentdebited}: {@code {"OrderID":"…","CustomerID":"…","Amount":21}}, the
 * original's Go field names in this order, the amount as Go prints a float64 (no trailing
 * zeros); then {@code "RestaurantID"} when the order has one (our addition: the original's
 * readers ignore it, the review judges the order from it).
 *
 * @param restaurantId null when absent (the original's bodies, and orders without one)
 */
public record PaymentDebited(String orderId, String customerId, BigDecimal amount, String restaurantId)
        implements OrderEventBody {

    public PaymentDebited(String orderId, String customerId, BigDecimal amount) {
        this(orderId, customerId, amount, null);
    }
}
