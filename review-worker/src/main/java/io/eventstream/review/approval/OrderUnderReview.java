package io.eventstream.review.approval;

import java.math.BigDecimal;

/**
 * A paid order as the review sees it in the order's history.
 *
 * @param restaurantId from the created event; null when the store has no created event
 * @param amount       from the created event; null when unknown
 * @param open         false once anything has settled or stopped the order (approved, rejected,
 *                     a cancel request): the review then decides nothing
 * @param version      the aggregate version the history was read at: the verdict is appended
 *                     only if the order is still there
 */
public record OrderUnderReview(String orderId, String restaurantId, BigDecimal amount, boolean open, long version) {
}
