package io.eventstream.orders.order;

import java.time.Instant;

/**
 * One stored event of an order, as the fold reads it: already parsed, so the fold needs no JSON.
 *
 * @param version   the aggregate version it produced (1, 2, 3...)
 * @param position  its place in the global log (0 while not yet positioned)
 * @param eventType the full type, e.g. {@code ORDERS.approved}
 * @param name      the type's suffix after the stream name, e.g. {@code approved}
 * @param createdAt when the store committed it
 * @param order     the placed order, on the created event only (null otherwise, or when its body did not parse)
 * @param reason    the body's {@code Reason} (a rejection, a cancellation), or null
 */
public record RecordedEvent(long version, long position, String eventType, String name, Instant createdAt,
                            Order order, String reason) {
}
