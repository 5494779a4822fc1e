package io.eventstream.review.config;

import java.math.BigDecimal;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The review's rules.
 *
 * @param closedRestaurants restaurant ids whose orders are rejected (default none)
 * @param reviewLimit       orders above this amount are rejected (default none)
 */
@ConfigurationProperties("eventstream.review")
public record ReviewProperties(List<String> closedRestaurants, BigDecimal reviewLimit) {

    public ReviewProperties {
        closedRestaurants = closedRestaurants == null ? List.of() : List.copyOf(closedRestaurants);
    }
}
