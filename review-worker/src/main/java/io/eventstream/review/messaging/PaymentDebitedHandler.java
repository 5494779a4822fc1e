package io.eventstream.review.messaging;

import io.eventstream.common.consumer.BatchCalls;
import io.eventstream.common.consumer.BatchEventHandler;
import io.eventstream.common.consumer.BatchScope;
import io.eventstream.common.consumer.EventSpans;
import io.eventstream.common.consumer.PoisonMessageException;
import io.eventstream.common.consumer.ReceivedEvent;
import io.eventstream.common.events.EventOrder;
import io.eventstream.common.events.PaymentDebited;
import io.eventstream.common.events.json.EventBodies;
import io.eventstream.common.events.upcast.EventBodyReader;
import io.eventstream.review.approval.InvalidPaymentException;
import io.eventstream.review.approval.Judgement;
import io.eventstream.review.approval.PaidOrder;
import io.eventstream.review.approval.ReviewService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Reviews each paid order. The order is the event's aggregate (header Aggregate-Id) or,
 * for a message without it, the body's OrderID; the event's version (header Aggregate-Version)
 * and the restaurant and amount in the body let the review skip reading the history when the
 * debit is the order's second event. Redeliveries are harmless: the approval
 * has an id derived from the order id. A body that does not parse is poison (common's one
 * rule, {@link EventBodies}); anything else that
 * fails (the event store is down) is thrown as is and retried.
 *
 * <p>A batch ({@link #handleAll}) is parsed and judged whole first, so an invalid event makes
 * it throw before anything is appended (the consumer then handles each message alone and
 * dead-letters only that one). Then the verdicts taken on the payment event alone (the common
 * case) go to the event store together, in one call ({@link ReviewService#recordAll}), each event
 * made in the span of its message; an order that moved on meanwhile, one whose history must be
 * read, or one with several events in the batch, is completed on {@code calls}, concurrently, each
 * in the span of its event, the events of one order one after the other in stream order, exactly
 * as one by one. It returns once every verdict is recorded, else throws after
 * every call has ended: the ones that got through are harmless to repeat (ids derived from
 * the order).
 */
public class PaymentDebitedHandler implements BatchEventHandler, AutoCloseable {

    private final ReviewService reviews;
    private final ExecutorService calls;

    /**
     * @param calls runs a batch's appends (and the history reads they need) concurrently;
     *              shared by all batches, shut down by {@link #close}
     */
    public PaymentDebitedHandler(ReviewService reviews, ExecutorService calls) {
        this.reviews = reviews;
        this.calls = calls;
    }

    @Override
    public void handle(ReceivedEvent event) {
        try {
            reviews.review(paidOrder(event), event.causationId());
        } catch (InvalidPaymentException e) {
            throw new PoisonMessageException(e.getMessage(), e);
        }
    }

    @Override
    public void handleAll(List<ReceivedEvent> events, EventSpans spans) throws Exception {
        Map<String, List<Pending>> byOrder = new LinkedHashMap<>();
        for (ReceivedEvent event : events) {
            Judgement judgement;
            try {
                judgement = reviews.judge(paidOrder(event));
            } catch (InvalidPaymentException e) {
                throw new PoisonMessageException(e.getMessage(), e);
            }
            byOrder.computeIfAbsent(judgement.orderId(), id -> new ArrayList<>())
                    .add(new Pending(event, judgement, event.causationId()));
        }
        // The common case, one payment of an order whose verdict needs no read: all recorded in one call.
        List<Pending> together = new ArrayList<>(byOrder.size());
        List<List<Pending>> alone = new ArrayList<>();
        for (List<Pending> ofOrder : byOrder.values()) {
            if (ofOrder.size() == 1 && ofOrder.get(0).judgement().verdict() != null) {
                together.add(ofOrder.get(0));
            } else {
                alone.add(ofOrder);
            }
        }
        // The others start first, on the call threads, while this thread records the rest together.
        List<Future<?>> running = new ArrayList<>(alone.size());
        alone.forEach(ofOrder -> running.add(complete(ofOrder, spans)));
        Exception failure = null;
        if (!together.isEmpty()) {
            try {
                List<Boolean> recorded = reviews.recordAll(together.stream().map(Pending::judgement).toList(),
                        together.stream().map(Pending::causationId).toList(),
                        BatchScope.of(together.stream().map(Pending::event).toList(), spans));
                for (int i = 0; i < together.size(); i++) {
                    if (!recorded.get(i)) { // the order moved on: read its history and judge again
                        Pending moved = together.get(i);
                        running.add(complete(List.of(new Pending(moved.event(), moved.judgement().reread(),
                                moved.causationId())), spans));
                    }
                }
            } catch (Exception e) {
                failure = e; // thrown once every other call has ended
            }
        }
        try {
            BatchCalls.awaitAll(running);
        } catch (Exception e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Completes one order's events on the call threads, one after the other, each starting in its event's span. */
    private Future<?> complete(List<Pending> ofOrder, EventSpans spans) {
        return calls.submit(() -> {
            for (Pending pending : ofOrder) {
                // The gRPC calls start inside the event's span: their client spans are its children.
                spans.run(pending.event(), () -> reviews.complete(pending.judgement(), pending.causationId()));
            }
            return null;
        });
    }

    /** The payment as the review sees it. */
    private static PaidOrder paidOrder(ReceivedEvent event) {
        PaymentDebited body = EventBodyReader.paymentDebited(event.schemaVersion(), event.data());
        return new PaidOrder(EventOrder.resolve(event.aggregateId(), body), event.version(), body.restaurantId(),
                body.amount());
    }

    @Override
    public void close() {
        calls.shutdown();
    }

    /** A batch event judged and waiting for its verdict to be recorded. */
    private record Pending(ReceivedEvent event, Judgement judgement, String causationId) {
    }
}
