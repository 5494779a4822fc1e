package io.eventstream.common.tracing;

import io.micrometer.observation.Observation;

/** The span of one delivery to a consumer; current on the handling thread until closed. */
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

    @Override
    public void close() {
        scope.close();
        observation.stop();
    }
}
