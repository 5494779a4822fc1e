package io.eventstream.orders.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Limits and retry policy of the order API.
 *
 * @param maxItems       most lines one order may have
 * @param maxBodySize    largest request body accepted; larger answers 413
 * @param appendAttempts how many times one request tries to append its event while the store is UNAVAILABLE
 * @param appendBackoff  pause before the second attempt, doubled before each further one
 * @param retryAfter     what a 503 tells the client to wait (Retry-After, whole seconds)
 * @param maxPageSize    largest page of {@code GET /api/orders?customer_id=}
 */
@ConfigurationProperties("eventstream.orders")
public record OrderServiceProperties(
        Integer maxItems,
        DataSize maxBodySize,
        Integer appendAttempts,
        Duration appendBackoff,
        Duration retryAfter,
        Integer maxPageSize) {

    public OrderServiceProperties {
        maxItems = maxItems == null ? 100 : maxItems;
        maxBodySize = maxBodySize == null ? DataSize.ofKilobytes(64) : maxBodySize;
        appendAttempts = appendAttempts == null || appendAttempts < 1 ? 3 : appendAttempts;
        appendBackoff = appendBackoff == null ? Duration.ofMillis(100) : appendBackoff;
        retryAfter = retryAfter == null ? Duration.ofSeconds(5) : retryAfter;
        maxPageSize = maxPageSize == null ? 100 : maxPageSize;
    }

    public static OrderServiceProperties defaults() {
        return new OrderServiceProperties(null, null, null, null, null, null);
    }

    /** Retry-After in whole seconds, at least 1. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
