package io.eventstream.review.approval;

/** An order whose payment was debited: what the review looks at. */
public record PaidOrder(String orderId) {
}
