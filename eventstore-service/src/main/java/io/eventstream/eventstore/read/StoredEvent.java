package io.eventstream.eventstore.read;

import java.time.Instant;
import java.util.Map;

/**
 * An event as stored. {@code position} is 0 until the relay has given it its place in
 * the global log.
 */
public record StoredEvent(
        String eventId,
        String eventType,
        String aggregateId,
        String aggregateType,
        String data,
        String stream,
        long version,
        long position,
        Instant createdAt,
        Map<String, String> metadata) {
}
