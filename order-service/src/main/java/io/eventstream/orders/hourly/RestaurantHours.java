package io.eventstream.orders.hourly;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A restaurant's hours from {@code from} (rounded down to its hour) up to {@code to}, every hour
 * of the range, those without orders as zeros, and their totals.
 */
public record RestaurantHours(String restaurantId, Instant from, Instant to, List<RestaurantHour> hours,
                              long orders, long approved, BigDecimal revenue) {

    public RestaurantHours {
        hours = List.copyOf(hours);
    }

    /** The first hour of a range that starts at {@code from}. */
    public static Instant firstHour(Instant from) {
        return from.truncatedTo(ChronoUnit.HOURS);
    }

    /** How many hours a range from {@code from} to {@code to} has. */
    public static long hoursBetween(Instant from, Instant to) {
        Instant first = firstHour(from);
        return (Duration.between(first, to).toSeconds() + 3599) / 3600;
    }

    /** The range filled in: {@code stored} are the hours the read model has (any order, within the range). */
    static RestaurantHours of(String restaurantId, Instant from, Instant to, List<RestaurantHour> stored) {
        Map<Instant, RestaurantHour> byHour = stored.stream()
                .collect(Collectors.toMap(RestaurantHour::hour, Function.identity()));
        List<RestaurantHour> hours = new ArrayList<>();
        for (Instant hour = firstHour(from); hour.isBefore(to); hour = hour.plus(1, ChronoUnit.HOURS)) {
            hours.add(byHour.getOrDefault(hour, RestaurantHour.empty(hour)));
        }
        long orders = hours.stream().mapToLong(RestaurantHour::orders).sum();
        long approved = hours.stream().mapToLong(RestaurantHour::approved).sum();
        BigDecimal revenue = hours.stream().map(RestaurantHour::revenue)
                .reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
        return new RestaurantHours(restaurantId, from, to, hours, orders, approved, revenue);
    }
}
