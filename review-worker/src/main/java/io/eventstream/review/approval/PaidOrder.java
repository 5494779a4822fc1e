package io.eventstream.review.approval;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * An order whose payment was debited: what the review looks at, as the payment event tells it.
 *
 * @param version      the payment event's aggregate version, 0 when unknown
 * @param restaurantId the order's restaurant as the payment event carries it, or null
 * @param amount       the debited amount (the order's), or null
 */
public record PaidOrder(String orderId, long version, String restaurantId, BigDecimal amount) {

    public PaidOrder(String orderId) {
        this(orderId, 0, null, null);
    }

    /**
     * The order as the payment event alone shows it, when that is its whole history: a debit at
     * version 2 comes right after the created event (the debit follows it, so created is version
     * 1), so nothing has settled or stopped the order before it. A verdict on it is appended at
     * version 2, so anything appended since makes the store refuse it and the history is read.
     * Empty when the event is not at version 2 or does not carry the restaurant and amount.
     */
    public Optional<OrderUnderReview> asWholeHistory() {
        if (version != 2 || restaurantId == null || amount == null) {
            return Optional.empty();
        }
        return Optional.of(new OrderUnderReview(orderId, restaurantId, amount, true, version));
    }
}
