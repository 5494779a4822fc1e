package io.eventstream.saga.messaging;

import io.eventstream.common.consumer.EventHandler;
import io.eventstream.common.consumer.PoisonMessageException;
import io.eventstream.common.consumer.ReceivedEvent;
import io.eventstream.common.events.EventHeaders;
import io.eventstream.saga.events.StepReader;
import io.eventstream.saga.process.OrderProcess;
import io.eventstream.saga.process.Saga;
import io.eventstream.saga.process.Step;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Wakes the saga of the event's order for every order event, with the event as a step of the
 * order's history (its version and created_at come from the headers the event store sets).
 * An event without them (published by someone else than the store) cannot be placed in the
 * history: the saga then reads the history from the event store. Duplicates and events out of
 * order are harmless (see {@link Saga}). A failure (store or database down) is thrown as is
 * and the message redelivered.
 */
public class OrderEventHandler implements EventHandler {

    private final Saga saga;
    private final SagaMetrics metrics;
    private final StepReader reader;

    public OrderEventHandler(Saga saga, SagaMetrics metrics, StepReader reader) {
        this.saga = saga;
        this.metrics = metrics;
        this.reader = reader;
    }

    @Override
    public void handle(ReceivedEvent event) {
        String orderId = event.aggregateId();
        if (orderId == null || orderId.isBlank()) {
            throw new PoisonMessageException(event.eventType() + " event names no order (no Aggregate-Id header)");
        }
        String id = event.header(EventHeaders.EVENT_ID);
        OrderProcess process = saga.advance(orderId, step(event), id != null && !id.isBlank() ? id : event.eventId());
        metrics.observed(event, process);
    }

    /** The event as a step, or null when its version or time is not known. */
    private Step step(ReceivedEvent event) {
        Instant at = createdAt(event.header(EventHeaders.CREATED_AT));
        if (event.version() < 1 || at == null) {
            return null;
        }
        return reader.read(event.eventType(), event.version(), event.dataAsString(), at);
    }

    private static Instant createdAt(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
