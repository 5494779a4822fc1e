package io.eventstream.common.tracing;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.nats.client.impl.Headers;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Carries a trace across what nothing instruments: the event store's outbox and NATS.
 *
 * <p>The path of a trace context: a writer's current span goes into the event's metadata
 * ({@link #currentContext()}, W3C {@code traceparent}); the event store stores it with the
 * event, and its relay, later and on another thread, publishes it as a NATS header from a
 * {@code publish <subject>} span ({@link #publish}); a consumer continues it in a
 * {@code consume <subject>} span ({@link #consume}), and the gRPC calls its handler makes
 * join that span by themselves. So one order is one trace.
 *
 * <p>Without tracing on the classpath or in tests, {@link #noop()} does nothing.
 */
public final class EventTracing {

    /** The W3C trace context header; also the metadata key it is stored under. */
    public static final String TRACEPARENT = "traceparent";

    static final String CONSUME_OBSERVATION = "eventstream.consume";
    static final String ORDER_ID = "order.id";
    static final String EVENT_ID = "event.id";
    static final String EVENT_TYPE = "event.type";
    static final String SUBJECT = "nats.subject";
    static final String CONSUMER = "nats.consumer";
    static final String DELIVERY = "nats.delivery";

    private static final EventTracing NOOP = new EventTracing(ObservationRegistry.NOOP, Tracer.NOOP, Propagator.NOOP);

    private final ObservationRegistry observations;
    private final Tracer tracer;
    private final Propagator propagator;

    public EventTracing(ObservationRegistry observations, Tracer tracer, Propagator propagator) {
        this.observations = observations;
        this.tracer = tracer;
        this.propagator = propagator;
    }

    public static EventTracing noop() {
        return NOOP;
    }

    /** The current span's context as headers ({@code traceparent}...) to store with an event; empty outside a span. */
    public Map<String, String> currentContext() {
        Span span = tracer.currentSpan();
        if (span == null) {
            return Map.of();
        }
        Map<String, String> context = new LinkedHashMap<>();
        propagator.inject(span.context(), context, Map::put);
        return context;
    }

    /**
     * Starts the span of one delivery, a child of the context in the message's headers (a new
     * trace without one), and makes it current on this thread until {@link ConsumeSpan#close()}.
     */
    public ConsumeSpan consume(TracedDelivery event, String consumer) {
        Observation observation = startConsume(event, consumer);
        return new ConsumeSpan(observation, observation.openScope());
    }

    /**
     * Starts the span of one delivery handled in a batch: like {@link #consume}, but current
     * only inside {@link ConsumeSpan#inScope}, since one thread works for the whole batch.
     */
    public ConsumeSpan consumeInBatch(TracedDelivery event, String consumer) {
        return new ConsumeSpan(startConsume(event, consumer), null);
    }

    private Observation startConsume(TracedDelivery event, String consumer) {
        ReceiverContext<Headers> context = new ReceiverContext<>(EventTracing::header);
        context.setCarrier(event.headers());
        context.setRemoteServiceName("nats");
        return Observation.createNotStarted(CONSUME_OBSERVATION, () -> context, observations)
                .contextualName("consume " + event.subject())
                .lowCardinalityKeyValue(SUBJECT, String.valueOf(event.subject()))
                .lowCardinalityKeyValue(CONSUMER, consumer)
                .highCardinalityKeyValue(EVENT_TYPE, String.valueOf(event.eventType()))
                .highCardinalityKeyValue(EVENT_ID, String.valueOf(event.eventId()))
                .highCardinalityKeyValue(ORDER_ID, String.valueOf(event.aggregateId()))
                .highCardinalityKeyValue(DELIVERY, Long.toString(event.deliveryCount()))
                .start();
    }

    /**
     * Starts the span of publishing one stored event, a child of the context stored with it.
     * Its {@link PublishSpan#headers()} replace the stored ones on the message, so consumers
     * become children of the publish.
     */
    public PublishSpan publish(String subject, Map<String, String> storedContext, String eventId, String orderId) {
        Span span = propagator.extract(storedContext, Map::get)
                .kind(Span.Kind.PRODUCER)
                .name("publish " + subject)
                .remoteServiceName("nats")
                .tag(SUBJECT, String.valueOf(subject))
                .tag(EVENT_TYPE, String.valueOf(subject))
                .tag(EVENT_ID, String.valueOf(eventId))
                .tag(ORDER_ID, String.valueOf(orderId))
                .start();
        Map<String, String> headers = new LinkedHashMap<>();
        propagator.inject(span.context(), headers, Map::put);
        return new PublishSpan(span, headers);
    }

    private static String header(Headers headers, String key) {
        return headers == null ? null : headers.getFirst(key);
    }
}
