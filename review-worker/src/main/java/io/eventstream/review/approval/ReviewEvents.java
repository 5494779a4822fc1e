package io.eventstream.review.approval;

import io.eventstream.common.consumer.BatchScope;
import java.util.List;

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

    /**
     * Records a batch's verdicts at once, each only at its version; the event at index {@code i}
     * is made in {@code scope} for {@code i} (its order's trace).
     *
     * @return for each verdict, as {@link #record}: false when its order moved on
     * @throws Exception once every append has ended, the first failure with the others suppressed
     */
    List<Boolean> recordAll(List<VerdictToRecord> verdicts, BatchScope scope) throws Exception;
}
