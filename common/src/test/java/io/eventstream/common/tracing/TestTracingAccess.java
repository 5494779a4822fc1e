package io.eventstream.common.tracing;

import io.micrometer.tracing.Tracer;

/** {@link TestTracing} for tests in other packages. */
public final class TestTracingAccess implements AutoCloseable {

    private final TestTracing tracing = new TestTracing();

    public Tracer tracer() {
        return tracing.tracer;
    }

    public EventTracing eventTracing() {
        return tracing.eventTracing;
    }

    @Override
    public void close() {
        tracing.close();
    }
}
