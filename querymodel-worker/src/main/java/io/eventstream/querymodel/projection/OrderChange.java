package io.eventstream.querymodel.projection;

import java.time.OffsetDateTime;

/**
 * One order event as the read model applies it.
 *
 * @param orderId   the aggregate
 * @param version   the aggregate version the event produced: decides which status wins
 * @param eventId   for the status history
 * @param eventType for the status history
 * @param status    the status the event moves the order to
 * @param reason    why (a rejection, a cancellation), or null
 * @param reachedAt when the event happened
 * @param details   the order's data, only on the created event; null otherwise
 */
public record OrderChange(
        String orderId,
        long version,
        String eventId,
        String eventType,
        OrderStatus status,
        String reason,
        OffsetDateTime reachedAt,
        OrderDetails details) {
}
