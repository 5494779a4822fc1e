package io.eventstream.eventstore.outbox;

import io.eventstream.eventstore.read.StoredEvent;
import java.time.Instant;

/** A positioned event waiting in the outbox for JetStream's ack. */
public record PendingEvent(StoredEvent event, Instant enqueuedAt) {
}
