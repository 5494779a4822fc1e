package io.eventstream.common.tracing;

import io.micrometer.observation.Observation;
import java.util.concurrent.Callable;

/**
 * The span of one delivery to a consumer. A delivery handled alone has its span current on
 * the handling thread until closed; in a batch, where one thread works for several events,
 * the span is made current only around the work done for its event ({@link #inScope}).
 */
public final class ConsumeSpan implements AutoCloseable {

    private final Observation observation;
    private final Observation.Scope scope;

    ConsumeSpan(Observation observation, Observation.Scope scope) {
        this.observation = observation;
        this.scope = scope;
    }

    /** Marks the span failed (a nak, a dead letter). */
    public void error(Throwable error) {
        observation.error(error);
    }

    /** Adds a tag, e.g. what became of the message. */
    public void tag(String key, String value) {
        observation.highCardinalityKeyValue(key, value);
    }

    /** Runs work with this span current on this thread. */
    public <T> T inScope(Callable<T> work) throws Exception {
        try (Observation.Scope ignored = observation.openScope()) {
            return work.call();
        }
    }

    @Override
    public void close() {
        if (scope != null) {
            scope.close();
        }
        observation.stop();
    }
}
