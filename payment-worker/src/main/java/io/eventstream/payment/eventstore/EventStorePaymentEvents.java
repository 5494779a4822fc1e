package io.eventstream.payment.eventstore;

import io.eventstream.common.consumer.BatchCalls;
import io.eventstream.common.consumer.BatchScope;
import io.eventstream.common.consumer.PoisonMessageException;
import io.eventstream.common.events.EventIds;
import io.eventstream.common.events.OrderEventBody;
import io.eventstream.common.events.OrderEventKind;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.events.PaymentDebited;
import io.eventstream.common.events.PaymentFailed;
import io.eventstream.common.events.PaymentRefunded;
import io.eventstream.common.events.json.EventBodies;
import io.eventstream.common.eventstore.AppendOutcome;
import io.eventstream.common.eventstore.EventStoreClient;
import io.eventstream.common.eventstore.EventToAppend;
import io.eventstream.common.eventstore.IdempotentAppender;
import io.eventstream.common.eventstore.OrderEvents;
import io.eventstream.payment.debit.PaymentEvents;
import io.eventstream.payment.debit.PaymentOutcomeEvent;
import io.eventstream.proto.eventstore.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * Records payments as {@code <stream>.paymentdebited}, {@code .paymentfailed} and
 * {@code .paymentrefunded} events (bodies and ids: common's published language, docs/contract.md).
 * Each has an id derived from the order: one debit outcome and one refund per order, however
 * often they are written.
 */
public class EventStorePaymentEvents implements PaymentEvents {

    private final EventStoreClient store;
    private final IdempotentAppender appender;
    private final OrderEventTypes types;

    public EventStorePaymentEvents(EventStoreClient store, OrderEventTypes types) {
        this.store = store;
        this.appender = new IdempotentAppender(store);
        this.types = types;
    }

    @Override
    public void paymentDebited(PaymentDebited debited, String causationId) {
        try {
            appender.append(OrderEvents.of(types, OrderEventKind.PAYMENT_DEBITED, debited.orderId(), debited,
                    causationId));
        } catch (PoisonMessageException e) {
            if (!storedWithoutRestaurant(debited)) {
                throw e;
            }
        }
    }

    /**
     * A debit stored before paymentdebited carried the restaurant (by an older worker, then the
     * created event came again) has the same effect: the same body without {@code RestaurantID}.
     */
    private boolean storedWithoutRestaurant(PaymentDebited debited) {
        if (debited.restaurantId() == null) {
            return false;
        }
        String older = EventBodies.encode(new PaymentDebited(debited.orderId(), debited.customerId(), debited.amount()));
        return store.event(EventIds.of(OrderEventKind.PAYMENT_DEBITED, debited.orderId()))
                .filter(e -> e.getEventType().equals(types.paymentDebited())
                        && e.getAggregateId().equals(debited.orderId()) && e.getEventData().equals(older))
                .isPresent();
    }

    @Override
    public void paymentFailed(PaymentFailed failed, String causationId) {
        appender.append(OrderEvents.of(types, OrderEventKind.PAYMENT_FAILED, failed.orderId(), failed, causationId));
    }

    /**
     * Every event is made in its order's scope (its trace context goes into its metadata), then
     * all go in one {@link EventStoreClient#appendEach}, whose call joins the first order's trace.
     */
    @Override
    public void recordAll(List<PaymentOutcomeEvent> outcomes, BatchScope scope) throws Exception {
        if (outcomes.isEmpty()) {
            return;
        }
        List<Event> events = new ArrayList<>(outcomes.size());
        for (int i = 0; i < outcomes.size(); i++) {
            Event event = event(outcomes.get(i));
            Event[] traced = new Event[1];
            scope.run(i, () -> traced[0] = store.traced(event));
            events.add(traced[0]);
        }
        List<AppendOutcome> appended = new ArrayList<>(outcomes.size());
        scope.run(0, () -> appended.addAll(store.appendEach(events.stream().map(EventToAppend::atNextVersion).toList())));
        BatchCalls.settleEach(events.size(), i -> {
            settle(events.get(i), outcomes.get(i).body(), appended.get(i));
            return null;
        });
    }

    private Event event(PaymentOutcomeEvent outcome) {
        OrderEventBody body = outcome.body();
        if (body instanceof PaymentDebited debited) {
            return OrderEvents.of(types, OrderEventKind.PAYMENT_DEBITED, debited.orderId(), debited,
                    outcome.causationId());
        }
        PaymentFailed failed = (PaymentFailed) body;
        return OrderEvents.of(types, OrderEventKind.PAYMENT_FAILED, failed.orderId(), failed, outcome.causationId());
    }

    /** As {@link #paymentDebited} and {@link #paymentFailed} take the store's answer. */
    private void settle(Event event, OrderEventBody body, AppendOutcome outcome) {
        try {
            appender.settle(event, outcome);
        } catch (PoisonMessageException e) {
            if (!(body instanceof PaymentDebited debited) || !storedWithoutRestaurant(debited)) {
                throw e;
            }
        }
    }

    @Override
    public void paymentRefunded(PaymentRefunded refunded, String causationId) {
        appender.append(OrderEvents.of(types, OrderEventKind.PAYMENT_REFUNDED, refunded.orderId(), refunded,
                causationId));
    }
}
