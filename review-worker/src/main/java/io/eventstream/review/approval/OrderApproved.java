package io.eventstream.review.approval;

/** The order passed the review. */
public record OrderApproved(String orderId) {
}
