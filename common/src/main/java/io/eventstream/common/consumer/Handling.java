package io.eventstream.common.consumer;

import io.eventstream.common.events.MalformedEventException;
import io.eventstream.common.tracing.ConsumeSpan;
import io.eventstream.common.tracing.EventTracing;
import io.nats.client.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the handler on a message, or on a batch, and settles each message: ack only after the
 * handler returned, else {@link Outcomes}. While the handler runs its messages are in
 * {@link Heartbeats}. Each delivery runs in a {@code consume <subject>} span, a child of the
 * trace context in the message's headers, so what the handler calls joins the trace of the event.
 */
final class Handling {

    private static final Logger log = LoggerFactory.getLogger(DurableConsumer.class);

    private final ConsumerSettings settings;
    private final EventHandler handler;
    private final Heartbeats heartbeats;
    private final Outcomes outcomes;
    private final ConsumerMetrics metrics;
    private final EventTracing tracing;

    Handling(ConsumerSettings settings, EventHandler handler, Heartbeats heartbeats, Outcomes outcomes,
            ConsumerMetrics metrics, EventTracing tracing) {
        this.settings = settings;
        this.handler = handler;
        this.heartbeats = heartbeats;
        this.outcomes = outcomes;
        this.metrics = metrics;
        this.tracing = tracing;
    }

    void one(Message msg) {
        ReceivedEvent event = ReceivedEvent.of(msg);
        try (ConsumeSpan span = tracing.consume(event, settings.durableName())) {
            one(msg, event, span);
        }
    }

    private void one(Message msg, ReceivedEvent event, ConsumeSpan span) {
        metrics.received(event.deliveryCount());
        if (event.isUnreadableOriginal()) {
            span.tag("outcome", "original, names no order");
            msg.ack();
            metrics.unreadableOriginal(event);
            return;
        }
        long started = System.nanoTime();
        try {
            heartbeats.handling(msg);
            try {
                handler.handle(event);
            } finally {
                heartbeats.done(msg);
            }
            msg.ack();
            metrics.succeeded(since(started));
        } catch (PoisonMessageException | MalformedEventException e) {
            // A body that does not parse is poison too (common's one rule), without every worker catching it.
            metrics.failed(since(started));
            span.error(e);
            if (outcomes.deadLetterDue(event)) {
                span.tag("outcome", "dead-lettered");
            }
            outcomes.poison(msg, event, e);
        } catch (Exception e) {
            metrics.failed(since(started));
            span.error(e);
            outcomes.failed(msg, event, e);
        }
    }

    /**
     * A batch for a {@link BatchEventHandler}: one call, then every message acked. A batch that
     * fails is handled again one message at a time, so every message still gets its own exact
     * outcome.
     */
    void batch(List<Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        if (messages.size() == 1) {
            one(messages.get(0));
            return;
        }
        List<ReceivedEvent> events = new ArrayList<>(messages.size());
        List<Message> readable = new ArrayList<>(messages.size());
        for (Message msg : messages) {
            ReceivedEvent event = ReceivedEvent.of(msg);
            if (event.isUnreadableOriginal()) {
                one(msg);
            } else {
                events.add(event);
                readable.add(msg);
            }
        }
        if (readable.size() < messages.size()) {
            batch(readable);
            return;
        }
        metrics.batch(messages.size());
        Map<ReceivedEvent, ConsumeSpan> spans = new IdentityHashMap<>();
        for (ReceivedEvent event : events) {
            spans.put(event, tracing.consumeInBatch(event, settings.durableName()));
        }
        long started = System.nanoTime();
        heartbeats.handling(messages);
        try {
            ((BatchEventHandler) handler).handleAll(events, new EventSpans() {
                @Override
                public <T> T run(ReceivedEvent event, Callable<T> work) throws Exception {
                    ConsumeSpan span = spans.get(event);
                    return span == null ? work.call() : span.inScope(work);
                }
            });
        } catch (Exception e) {
            heartbeats.done(messages);
            spans.values().forEach(span -> {
                span.tag("outcome", "batch failed, handled alone");
                span.close();
            });
            log.debug("{}: a batch of {} failed, handling its messages one at a time: {}", settings.durableName(),
                    messages.size(), e.toString());
            messages.forEach(this::one);
            return;
        }
        heartbeats.done(messages);
        Duration took = since(started);
        for (int i = 0; i < messages.size(); i++) {
            messages.get(i).ack();
            metrics.received(events.get(i).deliveryCount());
            metrics.succeeded(took);
        }
        spans.values().forEach(ConsumeSpan::close);
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
