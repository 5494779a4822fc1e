package io.eventstream.review.approval;

/**
 * Where review outcomes are recorded (the event store). Implementations are idempotent per
 * order: recording the same approval again changes nothing.
 */
public interface ReviewEvents {

    /**
     * @param approved    the approval
     * @param causationId id of the event that caused it (the payment event), or null
     */
    void orderApproved(OrderApproved approved, String causationId);
}
