package io.eventstream.payment.eventstore;

import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.eventstore.EventStoreClient;
import io.eventstream.payment.debit.PaymentHistory;
import java.util.Set;

/** Reads the order's events: settled when one of them is a {@code paymentdebited} or {@code paymentfailed}. */
public class EventStorePaymentHistory implements PaymentHistory {

    private final EventStoreClient store;
    private final Set<String> outcomes;

    public EventStorePaymentHistory(EventStoreClient store, OrderEventTypes types) {
        this.store = store;
        this.outcomes = Set.of(types.paymentDebited(), types.paymentFailed());
    }

    @Override
    public boolean settled(String orderId) {
        return store.eventsOf(orderId).stream().anyMatch(e -> outcomes.contains(e.getEventType()));
    }
}
