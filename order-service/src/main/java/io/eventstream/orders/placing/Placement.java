package io.eventstream.orders.placing;

import io.eventstream.orders.order.Order;

/**
 * The answer to placing an order.
 *
 * @param order    the order as stored in the event store
 * @param replayed true when an earlier request with the same Idempotency-Key had already placed it
 */
public record Placement(Order order, boolean replayed) {
}
