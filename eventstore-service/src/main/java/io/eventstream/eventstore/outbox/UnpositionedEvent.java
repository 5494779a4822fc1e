package io.eventstream.eventstore.outbox;

import java.time.Instant;

/** An outbox row still without a position: what the relay needs to order it (V7's columns). */
record UnpositionedEvent(String eventId, String aggregateId, long version, Instant enqueuedAt) {
}
