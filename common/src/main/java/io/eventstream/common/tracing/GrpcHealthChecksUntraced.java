package io.eventstream.common.tracing;

import io.micrometer.core.instrument.binder.grpc.GrpcClientObservationContext;
import io.micrometer.core.instrument.binder.grpc.GrpcServerObservationContext;
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
        if (context instanceof GrpcClientObservationContext client) {
            return !HEALTH_SERVICE.equals(client.getServiceName());
        }
        if (context instanceof GrpcServerObservationContext server) {
            return !HEALTH_SERVICE.equals(server.getServiceName());
        }
        return true;
    }
}
