package io.eventstream.orders.hourly;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One hour of one restaurant: the orders placed in it (by their created_on), how many of those are
 * Approved so far, and the sum of their amounts.
 */
public record RestaurantHour(Instant hour, long orders, long approved, BigDecimal revenue) {

    static RestaurantHour empty(Instant hour) {
        return new RestaurantHour(hour, 0, 0, BigDecimal.ZERO.setScale(2));
    }
}
