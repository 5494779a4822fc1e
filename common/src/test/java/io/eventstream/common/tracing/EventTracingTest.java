package io.eventstream.common.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import brave.handler.MutableSpan;
import io.eventstream.common.consumer.ReceivedEvent;
import io.eventstream.common.events.EventHeaders;
import io.micrometer.tracing.Span;
import io.nats.client.impl.Headers;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventTracingTest {

    private final TestTracing tracing = new TestTracing();
    private final EventTracing events = tracing.eventTracing;

    @AfterEach
    void close() {
        tracing.close();
    }

    @Test
    void outsideASpanThereIsNoContextToStore() {
        assertThat(events.currentContext()).isEmpty();
    }

    @Test
    void theCurrentSpanIsStoredAsAW3cTraceparent() {
        Span span = tracing.tracer.nextSpan().name("request").start();
        try (var ignored = tracing.tracer.withSpan(span)) {
            assertThat(events.currentContext()).containsEntry(EventTracing.TRACEPARENT,
                    "00-" + span.context().traceId() + "-" + span.context().spanId() + "-01");
        } finally {
            span.end();
        }
    }

    @Test
    void publishIsAChildOfTheStoredContextAndHandsOnItsOwn() {
        Span request = tracing.tracer.nextSpan().name("request").start();
        Map<String, String> stored = contextOf(request);
        request.end();

        PublishSpan publish = events.publish("ORDERS.created", stored, "e1", "o1");
        publish.acked();

        MutableSpan span = tracing.finished("publish ORDERS.created");
        assertThat(span.traceId()).isEqualTo(request.context().traceId());
        assertThat(span.parentId()).isEqualTo(request.context().spanId());
        assertThat(span.kind()).isEqualTo(brave.Span.Kind.PRODUCER);
        assertThat(span.tags()).containsEntry("order.id", "o1").containsEntry("event.id", "e1")
                .containsEntry("nats.subject", "ORDERS.created");
        assertThat(publish.headers().get(EventTracing.TRACEPARENT))
                .isEqualTo("00-" + span.traceId() + "-" + span.id() + "-01");
        // Publishing runs on the relay's thread: nothing stays current there.
        assertThat(tracing.tracer.currentSpan()).isNull();
    }

    @Test
    void aFailedPublishIsAnErrorSpan() {
        events.publish("ORDERS.created", Map.of(), "e1", "o1").failed(new IllegalStateException("no ack"));

        assertThat(tracing.finished("publish ORDERS.created").error()).hasMessage("no ack");
    }

    @Test
    void consumingContinuesTheTraceInTheHeadersAndIsCurrentWhileHandling() {
        Span publish = tracing.tracer.nextSpan().name("publish").start();
        Headers headers = new Headers();
        contextOf(publish).forEach(headers::put);
        headers.put(EventHeaders.AGGREGATE_ID, "o1");
        publish.end();
        ReceivedEvent event = event(headers);

        Map<String, String> storedByHandler;
        try (ConsumeSpan span = events.consume(event, "payment-worker")) {
            // An append made while handling stores the consume span's context.
            storedByHandler = events.currentContext();
            assertThat(tracing.tracer.currentSpan()).isNotNull();
        }

        assertThat(tracing.tracer.currentSpan()).isNull();
        MutableSpan consume = tracing.finished("consume ORDERS.created");
        assertThat(consume.traceId()).isEqualTo(publish.context().traceId());
        assertThat(consume.parentId()).isEqualTo(publish.context().spanId());
        assertThat(consume.kind()).isEqualTo(brave.Span.Kind.CONSUMER);
        assertThat(consume.remoteServiceName()).isEqualTo("nats");
        assertThat(consume.tags()).containsEntry("order.id", "o1").containsEntry("nats.consumer", "payment-worker")
                .containsEntry("nats.subject", "ORDERS.created").containsEntry("event.type", "ORDERS.created")
                .containsEntry("nats.delivery", "2");
        assertThat(storedByHandler.get(EventTracing.TRACEPARENT))
                .isEqualTo("00-" + consume.traceId() + "-" + consume.id() + "-01");
    }

    @Test
    void aMessageWithoutContextStartsATraceAndAFailureMarksTheSpan() {
        try (ConsumeSpan span = events.consume(event(new Headers()), "payment-worker")) {
            span.error(new IllegalStateException("store down"));
        }

        MutableSpan consume = tracing.finished("consume ORDERS.created");
        assertThat(consume.parentId()).isNull();
        assertThat(consume.error()).hasMessage("store down");
    }

    @Test
    void withoutTracingNothingHappens() {
        EventTracing noop = EventTracing.noop();
        assertThat(noop.currentContext()).isEmpty();
        try (ConsumeSpan span = noop.consume(event(new Headers()), "c")) {
            span.tag("outcome", "x");
        }
        PublishSpan publish = noop.publish("ORDERS.created", Map.of(EventTracing.TRACEPARENT, "x"), "e", "o");
        assertThat(publish.headers()).isEmpty();
        publish.acked();
    }

    private Map<String, String> contextOf(Span span) {
        Map<String, String> context = new HashMap<>();
        tracing.propagator.inject(span.context(), context, Map::put);
        return context;
    }

    private static ReceivedEvent event(Headers headers) {
        return new ReceivedEvent("ORDERS.created", "e1", headers.getFirst(EventHeaders.AGGREGATE_ID), 1,
                new byte[0], headers, 2, 7);
    }
}
