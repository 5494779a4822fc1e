package io.eventstream.common.tracing;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.propagation.TraceContext;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Brave wired as Boot wires it (W3C propagation, observation handlers), finished spans kept in memory. */
final class TestTracing implements AutoCloseable {

    final List<MutableSpan> finished = new CopyOnWriteArrayList<>();
    final Tracing brave;
    final Tracer tracer;
    final BravePropagator propagator;
    final ObservationRegistry observations = ObservationRegistry.create();
    final EventTracing eventTracing;

    TestTracing() {
        BraveBaggageManager baggage = new BraveBaggageManager();
        brave = Tracing.newBuilder()
                .localServiceName("test")
                .traceId128Bit(true)
                .currentTraceContext(ThreadLocalCurrentTraceContext.create())
                .propagationFactory(new W3CPropagation(baggage, List.of()))
                .addSpanHandler(new SpanHandler() {
                    @Override
                    public boolean end(TraceContext context, MutableSpan span, Cause cause) {
                        finished.add(span);
                        return true;
                    }
                })
                .build();
        tracer = new BraveTracer(brave.tracer(), new BraveCurrentTraceContext(brave.currentTraceContext()), baggage);
        propagator = new BravePropagator(brave);
        observations.observationConfig().observationHandler(new FirstMatchingCompositeObservationHandler(
                new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
                new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
                new DefaultTracingObservationHandler(tracer)));
        eventTracing = new EventTracing(observations, tracer, propagator);
    }

    MutableSpan finished(String name) {
        return finished.stream().filter(s -> name.equals(s.name())).findFirst()
                .orElseThrow(() -> new AssertionError("no finished span " + name + " in " + finished));
    }

    @Override
    public void close() {
        brave.close();
    }
}
