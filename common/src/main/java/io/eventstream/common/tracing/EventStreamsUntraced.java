package io.eventstream.common.tracing;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;

/**
 * {@code GetEventsStream} calls are not observed, on either side. Micrometer's gRPC observation
 * records an event for every message sent or received, which Brave keeps as an annotation on the
 * call's one span and the meter handler counts: a catch-up of 100,000 events spent about a third
 * of its CPU there (JFR, BENCHMARKS.md), and a follow stream that stays open for days would hold
 * one annotation per event in memory until it ends. Each event carries its own trace context
 * (metadata {@code traceparent}); the stream itself traces nothing useful.
 */
class EventStreamsUntraced implements ObservationPredicate {

    static final String GET_EVENTS_STREAM = "eventstore.EventStore/GetEventsStream";

    @Override
    public boolean test(String name, Observation.Context context) {
        ObservedGrpcCall call = ObservedGrpcCall.of(context);
        return call == null || !GET_EVENTS_STREAM.equals(call.fullMethodName());
    }
}
