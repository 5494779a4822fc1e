package io.eventstream.orders;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Brave's finished (sampled) spans of a test's service, in memory: what would go to Zipkin. */
final class SpanRecorder extends SpanHandler {

    private final List<MutableSpan> spans = new CopyOnWriteArrayList<>();

    @Override
    public boolean end(TraceContext context, MutableSpan span, Cause cause) {
        if (cause == Cause.FINISHED) {
            spans.add(span);
        }
        return true;
    }

    List<MutableSpan> of(String traceId) {
        return spans.stream().filter(s -> traceId.equals(s.traceId())).toList();
    }

    /** The trace once it is complete; fails after 10 s. */
    List<MutableSpan> await(String traceId, Predicate<List<MutableSpan>> complete) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            List<MutableSpan> trace = of(traceId);
            if (complete.test(trace)) {
                return trace;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("trace " + traceId + " is incomplete: " + of(traceId));
    }
}
