package io.eventstream.eventstore;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Limits of the event store service.
 *
 * @param maxEventDataBytes largest event_data accepted (INVALID_ARGUMENT above)
 * @param maxReadLimit      most events one GetEvents answer holds
 * @param followPoll        how often a live GetEventsStream looks for events positioned by another instance
 */
@ConfigurationProperties("eventstream.store")
public record StoreProperties(Integer maxEventDataBytes, Integer maxReadLimit, Duration followPoll) {

    public StoreProperties {
        maxEventDataBytes = maxEventDataBytes == null ? 1024 * 1024 : maxEventDataBytes;
        maxReadLimit = maxReadLimit == null ? 10_000 : maxReadLimit;
        followPoll = followPoll == null ? Duration.ofMillis(200) : followPoll;
    }
}
