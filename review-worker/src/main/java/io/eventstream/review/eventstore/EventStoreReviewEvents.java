package io.eventstream.review.eventstore;

import io.eventstream.common.consumer.BatchCalls;
import io.eventstream.common.consumer.BatchScope;
import io.eventstream.common.events.Approved;
import io.eventstream.common.events.OrderCreated;
import io.eventstream.common.events.OrderEventKind;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.events.OrderReason;
import io.eventstream.common.eventstore.AppendOutcome;
import io.eventstream.common.eventstore.EventStoreClient;
import io.eventstream.common.eventstore.EventToAppend;
import io.eventstream.common.eventstore.IdempotentAppender;
import io.eventstream.common.eventstore.OrderEvents;
import io.eventstream.proto.eventstore.Event;
import io.eventstream.review.approval.OrderUnderReview;
import io.eventstream.review.approval.ReviewEvents;
import io.eventstream.review.approval.Verdict;
import io.eventstream.review.approval.VerdictToRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the order's history from the event store and records verdicts as
 * {@code <stream>.approved} (no data, as the original) or {@code <stream>.reviewrejected}
 * ({@code {"OrderID":"…","Reason":"…"}}), each with an id derived from the order (common's
 * published language, docs/contract.md).
 */
public class EventStoreReviewEvents implements ReviewEvents {

    private final EventStoreClient store;
    private final IdempotentAppender appender;
    private final OrderEventTypes types;
    private final Set<String> settled;

    public EventStoreReviewEvents(EventStoreClient store, OrderEventTypes types) {
        this.store = store;
        this.appender = new IdempotentAppender(store);
        this.types = types;
        this.settled = Set.of(types.approved(), types.reviewRejected(), types.cancelRequested(), types.rejected(),
                types.cancelled());
    }

    /**
     * A created body in the history that does not parse is poison, as everywhere (common's
     * {@code MalformedEventException}): the review does not judge an order it cannot see, so the
     * payment message is dead-lettered and the saga's deadline cancels the order and refunds it.
     */
    @Override
    public OrderUnderReview load(String orderId) {
        List<Event> history = store.eventsOf(orderId);
        long version = history.stream().mapToLong(Event::getVersion).max().orElse(0);
        boolean open = history.stream().noneMatch(e -> settled.contains(e.getEventType()));
        OrderCreated created = history.stream().filter(e -> e.getEventType().equals(types.created())).findFirst()
                .map(OrderEvents::created).orElse(null);
        return new OrderUnderReview(orderId, created == null ? null : created.restaurantId(),
                created == null ? null : created.amount(), open, version);
    }

    @Override
    public boolean record(OrderUnderReview order, Verdict verdict, String causationId) {
        return appender.appendAt(event(order, verdict, causationId), order.version());
    }

    /**
     * Every event is made in its order's scope (its trace context goes into its metadata), then
     * all go in one {@link EventStoreClient#appendEach}, whose call joins the first order's trace.
     */
    @Override
    public List<Boolean> recordAll(List<VerdictToRecord> verdicts, BatchScope scope) throws Exception {
        if (verdicts.isEmpty()) {
            return List.of();
        }
        List<EventToAppend> events = new ArrayList<>(verdicts.size());
        for (int i = 0; i < verdicts.size(); i++) {
            VerdictToRecord v = verdicts.get(i);
            Event event = event(v.order(), v.verdict(), v.causationId());
            EventToAppend[] traced = new EventToAppend[1];
            scope.run(i, () -> traced[0] = EventToAppend.atVersion(store.traced(event), v.order().version()));
            events.add(traced[0]);
        }
        List<AppendOutcome> appended = new ArrayList<>(events.size());
        scope.run(0, () -> appended.addAll(store.appendEach(events)));
        return BatchCalls.settleEach(events.size(), i -> appender.settleAt(events.get(i).event(), appended.get(i)));
    }

    private Event event(OrderUnderReview order, Verdict verdict, String causationId) {
        return verdict.approved()
                ? OrderEvents.of(types, OrderEventKind.APPROVED, order.orderId(), new Approved(), causationId)
                : OrderEvents.of(types, OrderEventKind.REVIEW_REJECTED, order.orderId(),
                        new OrderReason(order.orderId(), verdict.reason()), causationId);
    }
}
