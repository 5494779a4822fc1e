package io.eventstream.saga.messaging;

import io.eventstream.common.consumer.BatchEventHandler;
import io.eventstream.common.consumer.EventSpans;
import io.eventstream.common.consumer.PoisonMessageException;
import io.eventstream.common.consumer.ReceivedEvent;
import io.eventstream.common.events.EventHeaders;
import io.eventstream.saga.events.StepReader;
import io.eventstream.saga.process.Arrival;
import io.eventstream.saga.process.BatchSaga;
import io.eventstream.saga.process.EventScope;
import io.eventstream.saga.process.OrderProcess;
import io.eventstream.saga.process.Saga;
import io.eventstream.saga.process.Step;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Wakes the saga of the event's order for every order event, with the event as a step of the
 * order's history (its version and created_at come from the headers the event store sets).
 * An event without them (published by someone else than the store) cannot be placed in the
 * history: the saga then reads the history from the event store. Duplicates and events out of
 * order are harmless (see {@link Saga}). A failure (store or database down) is thrown as is
 * and the message redelivered.
 *
 * <p>A batch ({@link #handleAll}) goes to {@link BatchSaga}: one transaction for all its steps
 * and states, then its appends at once. Events without a version take the one-event path, one
 * by one, after it. An event that names no order makes the whole batch throw before anything
 * is written, so that the consumer handles each message alone and dead-letters only that one.
 */
public class OrderEventHandler implements BatchEventHandler {

    private final Saga saga;
    private final BatchSaga batch;
    private final SagaMetrics metrics;
    private final StepReader reader;

    public OrderEventHandler(Saga saga, BatchSaga batch, SagaMetrics metrics, StepReader reader) {
        this.saga = saga;
        this.batch = batch;
        this.metrics = metrics;
        this.reader = reader;
    }

    @Override
    public void handle(ReceivedEvent event) {
        OrderProcess process = saga.advance(orderId(event), step(event), event.causationId());
        metrics.observed(event, process);
    }

    @Override
    public void handleAll(List<ReceivedEvent> events, EventSpans spans) throws Exception {
        List<Arrival> placed = new ArrayList<>(events.size());
        List<ReceivedEvent> unplaced = new ArrayList<>();
        for (ReceivedEvent event : events) {
            String orderId = orderId(event);
            Step step = step(event);
            if (step == null) {
                unplaced.add(event);
            } else {
                placed.add(new Arrival(orderId, step, event.causationId(), scope(event, spans)));
            }
        }
        Map<String, OrderProcess> processes = new HashMap<>(placed.isEmpty() ? Map.of() : batch.advance(placed));
        for (ReceivedEvent event : unplaced) {
            processes.put(event.aggregateId(),
                    spans.run(event, () -> saga.advance(event.aggregateId(), null, event.causationId())));
        }
        // Only once all of it is durable: a batch that throws is handled again one by one, and counted there.
        for (ReceivedEvent event : events) {
            OrderProcess process = processes.get(event.aggregateId());
            if (process != null) {
                metrics.observed(event, process);
            }
        }
    }

    private static String orderId(ReceivedEvent event) {
        String orderId = event.aggregateId();
        if (orderId == null || orderId.isBlank()) {
            throw new PoisonMessageException(event.eventType() + " event names no order (no Aggregate-Id header, none in the body)");
        }
        return orderId;
    }

    private static EventScope scope(ReceivedEvent event, EventSpans spans) {
        return new EventScope() {
            @Override
            public <T> T call(Callable<T> work) throws Exception {
                return spans.run(event, work);
            }
        };
    }

    /** The event as a step, or null when its version or time is not known. */
    private Step step(ReceivedEvent event) {
        Instant at = createdAt(event.header(EventHeaders.CREATED_AT));
        if (event.version() < 1 || at == null) {
            return null;
        }
        return reader.read(event.eventType(), event.version(), event.schemaVersion(), event.dataAsString(), at);
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
