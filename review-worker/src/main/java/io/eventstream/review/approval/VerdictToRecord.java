package io.eventstream.review.approval;

/**
 * A verdict of a batch to record at the version of the history it was taken on.
 *
 * @param causationId id of the event that caused it (the payment event), or null
 */
public record VerdictToRecord(OrderUnderReview order, Verdict verdict, String causationId) {
}
