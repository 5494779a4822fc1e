package io.eventstream.orders.query;

import java.time.Instant;

/** One status an order reached, from the event of the given aggregate version. */
public record StatusChange(String status, long version, String eventType, String reason, Instant reachedAt) {
}
