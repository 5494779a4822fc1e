package io.eventstream.review.approval;

/**
 * Reviews paid orders. Every paid order is approved for now; rejection rules will grow here.
 * The review writes only events: the read model is the query model worker's alone (the
 * original updated it from here, racing the insert, and orders stayed Pending for ever).
 */
public class ReviewService {

    private final ReviewEvents events;

    public ReviewService(ReviewEvents events) {
        this.events = events;
    }

    public OrderApproved review(PaidOrder order, String causationId) {
        if (order.orderId() == null || order.orderId().isBlank()) {
            throw new InvalidPaymentException("payment has no order id");
        }
        OrderApproved approved = new OrderApproved(order.orderId());
        events.orderApproved(approved, causationId);
        return approved;
    }
}
