package io.eventstream.eventstore;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Limits of the event store service.
 *
 * @param maxEventDataBytes largest event_data accepted (INVALID_ARGUMENT above)
 * @param maxReadLimit      most events one GetEvents answer holds
 * @param followPoll        how often a live GetEventsStream looks for events positioned by another instance
 * @param followPage        most events one GetEventsStream read takes from the database (the catch-up's batch)
 * @param appendWriters     threads that append (group commit, see append.EventAppender), one connection each
 * @param appendMaxBatch    most events one append transaction carries
 * @param appendQueue       most appends waiting per writer; more are refused with UNAVAILABLE
 * @param createEventsMax   most events one CreateEvents call may carry; more: INVALID_ARGUMENT, nothing appended
 */
@ConfigurationProperties("eventstream.store")
public record StoreProperties(Integer maxEventDataBytes, Integer maxReadLimit, Duration followPoll,
                              Integer appendWriters, Integer appendMaxBatch, Integer appendQueue, Integer followPage,
                              Integer createEventsMax) {

    public StoreProperties {
        maxEventDataBytes = maxEventDataBytes == null ? 1024 * 1024 : maxEventDataBytes;
        maxReadLimit = maxReadLimit == null ? 10_000 : maxReadLimit;
        followPoll = followPoll == null ? Duration.ofMillis(200) : followPoll;
        appendWriters = appendWriters == null ? 2 : appendWriters;
        appendMaxBatch = appendMaxBatch == null ? 200 : appendMaxBatch;
        appendQueue = appendQueue == null ? 10_000 : appendQueue;
        followPage = followPage == null ? 5000 : Math.max(1, followPage);
        createEventsMax = createEventsMax == null ? 500 : Math.max(1, createEventsMax);
    }
}
