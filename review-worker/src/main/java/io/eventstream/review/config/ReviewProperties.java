package io.eventstream.review.config;

import java.math.BigDecimal;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The review's rules, and how many of a batch's calls to the event store run at once.
 *
 * @param closedRestaurants restaurant ids whose orders are rejected (default none)
 * @param reviewLimit       orders above this amount are rejected (default none)
 * @param callThreads       threads for the orders of a batch not recorded together (history
 *                          reads, refused verdicts, redeliveries), shared by all batches
 *                          (default 64; BENCHMARKS.md, sessions 21 and 22)
 */
@ConfigurationProperties("eventstream.review")
public record ReviewProperties(List<String> closedRestaurants, BigDecimal reviewLimit, Integer callThreads) {

    public ReviewProperties {
        closedRestaurants = closedRestaurants == null ? List.of() : List.copyOf(closedRestaurants);
        callThreads = callThreads == null || callThreads < 1 ? 64 : callThreads;
    }
}
