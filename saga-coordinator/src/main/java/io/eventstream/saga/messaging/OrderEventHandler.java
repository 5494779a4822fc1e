package io.eventstream.saga.messaging;

import io.eventstream.common.consumer.EventHandler;
import io.eventstream.common.consumer.PoisonMessageException;
import io.eventstream.common.consumer.ReceivedEvent;
import io.eventstream.common.events.EventHeaders;
import io.eventstream.saga.process.OrderProcess;
import io.eventstream.saga.process.Saga;

/**
 * Wakes the saga of the event's order for every order event. The event itself is only the
 * trigger: the saga reads the order's whole history from the event store, so duplicates and
 * events out of order are harmless. A failure (store or database down) is thrown as is and
 * the message redelivered.
 */
public class OrderEventHandler implements EventHandler {

    private final Saga saga;
    private final SagaMetrics metrics;

    public OrderEventHandler(Saga saga, SagaMetrics metrics) {
        this.saga = saga;
        this.metrics = metrics;
    }

    @Override
    public void handle(ReceivedEvent event) {
        String orderId = event.aggregateId();
        if (orderId == null || orderId.isBlank()) {
            throw new PoisonMessageException(event.eventType() + " event names no order (no Aggregate-Id header)");
        }
        String id = event.header(EventHeaders.EVENT_ID);
        OrderProcess process = saga.advance(orderId, id != null && !id.isBlank() ? id : event.eventId());
        metrics.observed(event, process);
    }
}
