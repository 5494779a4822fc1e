package io.eventstream.review.approval;

/**
 * A review begun on the payment event alone, before any call to the event store: the order
 * and its verdict when the event is the order's whole history, or neither when the history
 * has to be read first. {@link ReviewService#complete} carries it out.
 *
 * @param order   the order as the payment event shows it, or null: read the history
 * @param verdict the rules' verdict on {@code order}, or null with it
 */
public record Judgement(String orderId, OrderUnderReview order, Verdict verdict) {

    /** The same order with nothing decided: {@link ReviewService#complete} reads its history first. */
    public Judgement reread() {
        return new Judgement(orderId, null, null);
    }
}
