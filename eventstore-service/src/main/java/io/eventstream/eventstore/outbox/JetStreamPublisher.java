package io.eventstream.eventstore.outbox;

import io.eventstream.common.tracing.EventTracing;
import io.eventstream.common.tracing.PublishSpan;
import io.eventstream.eventstore.read.StoredEvent;
import io.nats.client.JetStream;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a batch pipelined (all sent, then all acks awaited) with Nats-Msg-Id set to
 * the event id, so a re-publish after a crash is absorbed by the stream's duplicate window.
 *
 * <p>Each publish is a {@code publish <subject>} span, a child of the trace context stored
 * with the event at append time; the message carries the span's own context, so consumers
 * continue the trace under it.
 */
public class JetStreamPublisher {

    private static final Logger log = LoggerFactory.getLogger(JetStreamPublisher.class);

    private final JetStream jetStream;
    private final Duration timeout;
    private final EventTracing tracing;

    public JetStreamPublisher(JetStream jetStream, Duration timeout) {
        this(jetStream, timeout, EventTracing.noop());
    }

    public JetStreamPublisher(JetStream jetStream, Duration timeout, EventTracing tracing) {
        this.jetStream = jetStream;
        this.timeout = timeout;
        this.tracing = tracing;
    }

    /**
     * @return how many events at the head of the batch JetStream acked. Only that prefix
     *         may leave the outbox: the rest is published again, in order, next round.
     */
    public int publish(List<PendingEvent> batch) throws InterruptedException {
        return send(batch).awaitAcks();
    }

    /** Sends the whole batch without waiting; {@link Sent#awaitAcks()} then waits for JetStream's acks. */
    public Sent send(List<PendingEvent> batch) {
        List<CompletableFuture<PublishAck>> acks = new ArrayList<>(batch.size());
        List<PublishSpan> spans = new ArrayList<>(batch.size());
        for (PendingEvent pending : batch) {
            StoredEvent event = pending.event();
            PublishSpan span = tracing.publish(event.eventType(), event.metadata(), event.eventId(), event.aggregateId());
            spans.add(span);
            PublishOptions options = PublishOptions.builder().messageId(event.eventId()).build();
            try {
                acks.add(jetStream.publishAsync(EventMessages.toMessage(event, span.headers()), options));
            } catch (RuntimeException e) {
                acks.add(CompletableFuture.failedFuture(e));
            }
        }
        return new Sent(batch, acks, spans, System.nanoTime() + timeout.toNanos());
    }

    /** A batch sent to JetStream, its acks on the way. */
    public static final class Sent {

        private final List<PendingEvent> batch;
        private final List<CompletableFuture<PublishAck>> acks;
        private final List<PublishSpan> spans;
        private final long deadlineNanos;

        private Sent(List<PendingEvent> batch, List<CompletableFuture<PublishAck>> acks, List<PublishSpan> spans,
                     long deadlineNanos) {
            this.batch = batch;
            this.acks = acks;
            this.spans = spans;
            this.deadlineNanos = deadlineNanos;
        }

        public List<PendingEvent> batch() {
            return batch;
        }

        /**
         * @return how many events at the head of the batch JetStream acked. Only that prefix
         *         may leave the outbox: the rest is published again, in order.
         */
        public int awaitAcks() throws InterruptedException {
            for (int i = 0; i < acks.size(); i++) {
                try {
                    acks.get(i).get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
                    spans.get(i).acked();
                } catch (ExecutionException | TimeoutException e) {
                    Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                    endUnacked(spans.subList(i, spans.size()), cause);
                    log.warn("JetStream did not ack event {} on {}: {}{}", batch.get(i).event().eventId(),
                            batch.get(i).event().eventType(), cause,
                            String.valueOf(cause).contains("No Responders")
                                    ? " (no stream captures this subject: run the bootstrapper)" : "");
                    return i;
                }
            }
            return acks.size();
        }
    }

    /** These are published again next round, in new spans. */
    private static void endUnacked(List<PublishSpan> spans, Throwable cause) {
        for (PublishSpan span : spans) {
            span.failed(cause);
        }
    }
}
