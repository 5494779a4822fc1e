package io.eventstream.common.tracing;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;

/**
 * Readiness probes call grpc.health.v1.Health every few seconds: without this, each would be
 * a trace of its own in Zipkin (and a sample of the gRPC timers), burying the orders.
 */
class GrpcHealthChecksUntraced implements ObservationPredicate {

    static final String HEALTH_SERVICE = "grpc.health.v1.Health";

    @Override
    public boolean test(String name, Observation.Context context) {
        ObservedGrpcCall call = ObservedGrpcCall.of(context);
        return call == null || !HEALTH_SERVICE.equals(call.serviceName());
    }
}
