package io.eventstream.review.approval;

/**
 * The order's history and where verdicts are recorded (the event store). A verdict is
 * recorded only at the version it was taken on, so it never lands after a cancel request
 * or another terminal event; recording the same verdict again changes nothing.
 */
public interface ReviewEvents {

    OrderUnderReview load(String orderId);

    /**
     * @param causationId id of the event that caused it (the payment event), or null
     * @return false when the order moved on since {@code order.version()}: load and judge again
     */
    boolean record(OrderUnderReview order, Verdict verdict, String causationId);
}
