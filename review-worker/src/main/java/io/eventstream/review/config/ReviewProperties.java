package io.eventstream.review.config;

import java.math.BigDecimal;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The review's rules, and how many of a batch's calls to the event store run at once.
 *
 * @param closedRestaurants restaurant ids whose orders are rejected (default none)
 * @param reviewLimit       orders above this amount are rejected (default none)
 * @param callThreads       threads for the batches' appends and history reads, shared by all
 *                          batches (default 64); with payment-worker's append threads, what
 *                          bounds the pipeline at high load (BENCHMARKS.md, session 21)
 */
@ConfigurationProperties("eventstream.review")
public record ReviewProperties(List<String> closedRestaurants, BigDecimal reviewLimit, Integer callThreads) {

    public ReviewProperties {
        closedRestaurants = closedRestaurants == null ? List.of() : List.copyOf(closedRestaurants);
        callThreads = callThreads == null || callThreads < 1 ? 64 : callThreads;
    }
}
