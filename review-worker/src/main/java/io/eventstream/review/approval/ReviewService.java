package io.eventstream.review.approval;

import io.eventstream.common.consumer.BatchScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reviews paid orders against the {@link ReviewRules}. The verdict is taken on the order's
 * history (the payment event itself when it is the whole history, see
 * {@link PaidOrder#asWholeHistory()}; else read from the store) and appended at that version: if a cancel request (or anything else)
 * got in first, the history is read again and an order that is no longer open is left alone,
 * so an order never gets two terminal outcomes. The review writes only events: the read
 * model is the query model worker's alone.
 */
public class ReviewService {

    private static final int ATTEMPTS = 5;

    private final ReviewRules rules;
    private final ReviewEvents events;

    public ReviewService(ReviewRules rules, ReviewEvents events) {
        this.rules = rules;
        this.events = events;
    }

    /** The verdict recorded now, or empty when the order was no longer open. */
    public Optional<Verdict> review(PaidOrder paid, String causationId) {
        return complete(judge(paid), causationId);
    }

    /**
     * What can be decided from the payment event alone, without any call: a batch judges all
     * its events first, so that an invalid one fails the batch before anything is appended.
     *
     * @throws InvalidPaymentException when the payment names no order
     */
    public Judgement judge(PaidOrder paid) {
        if (paid.orderId() == null || paid.orderId().isBlank()) {
            throw new InvalidPaymentException("payment has no order id");
        }
        // The payment event is the whole history in the common case: then no read is needed.
        OrderUnderReview order = paid.asWholeHistory().orElse(null);
        return new Judgement(paid.orderId(), order, order == null ? null : rules.judge(order));
    }

    /**
     * Records the verdicts of judgements taken on the payment event alone, together
     * ({@link ReviewEvents#recordAll}); each verdict's event is made in {@code scope} for its index.
     *
     * @return for each judgement, true when its verdict is recorded; false when its order moved on:
     *         {@link #complete} it {@link Judgement#reread() again}
     */
    public List<Boolean> recordAll(List<Judgement> judgements, List<String> causationIds, BatchScope scope)
            throws Exception {
        List<VerdictToRecord> verdicts = new ArrayList<>(judgements.size());
        for (int i = 0; i < judgements.size(); i++) {
            Judgement judgement = judgements.get(i);
            if (judgement.verdict() == null) {
                throw new IllegalArgumentException("order " + judgement.orderId() + " has no verdict yet");
            }
            verdicts.add(new VerdictToRecord(judgement.order(), judgement.verdict(), causationIds.get(i)));
        }
        return events.recordAll(verdicts, scope);
    }

    /** Records the judgement's verdict, reading the history (and judging again) when it has none or it is refused. */
    public Optional<Verdict> complete(Judgement judgement, String causationId) {
        OrderUnderReview order = judgement.order();
        Verdict verdict = judgement.verdict();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (order == null) {
                order = events.load(judgement.orderId());
                if (!order.open()) {
                    return Optional.empty();
                }
                verdict = rules.judge(order);
            }
            if (events.record(order, verdict, causationId)) {
                return Optional.of(verdict);
            }
            order = null;
        }
        throw new IllegalStateException("order " + judgement.orderId() + " kept changing during the review; retried later");
    }
}
