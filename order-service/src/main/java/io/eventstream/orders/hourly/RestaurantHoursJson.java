package io.eventstream.orders.hourly;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.math.BigDecimal;
import java.util.List;

/** The answer of {@code GET /api/restaurants/{id}/hourly}; times RFC 3339 UTC, money as JSON numbers. */
@JsonPropertyOrder({"restaurant_id", "from", "to", "orders", "approved", "revenue", "hours"})
record RestaurantHoursJson(
        @JsonProperty("restaurant_id") String restaurantId,
        @JsonProperty("from") String from,
        @JsonProperty("to") String to,
        @JsonProperty("orders") long orders,
        @JsonProperty("approved") long approved,
        @JsonProperty("revenue") BigDecimal revenue,
        @JsonProperty("hours") List<HourJson> hours) {

    @JsonPropertyOrder({"hour", "orders", "approved", "revenue"})
    record HourJson(
            @JsonProperty("hour") String hour,
            @JsonProperty("orders") long orders,
            @JsonProperty("approved") long approved,
            @JsonProperty("revenue") BigDecimal revenue) {
    }

    static RestaurantHoursJson from(RestaurantHours range) {
        return new RestaurantHoursJson(range.restaurantId(), range.from().toString(), range.to().toString(),
                range.orders(), range.approved(), range.revenue(),
                range.hours().stream().map(h -> new HourJson(h.hour().toString(), h.orders(), h.approved(),
                        h.revenue())).toList());
    }
}
