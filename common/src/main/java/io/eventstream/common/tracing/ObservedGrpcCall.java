package io.eventstream.common.tracing;

import io.micrometer.core.instrument.binder.grpc.GrpcClientObservationContext;
import io.micrometer.core.instrument.binder.grpc.GrpcServerObservationContext;
import io.micrometer.observation.Observation;

/**
 * The gRPC call an observation is about, whichever side observes it: Micrometer's client and
 * server contexts carry the same names but share no type that has them, and the predicates that
 * leave calls untraced ({@link EventStreamsUntraced}, {@link GrpcHealthChecksUntraced}) must
 * treat both sides alike.
 */
record ObservedGrpcCall(String serviceName, String fullMethodName) {

    /** The call, or null when the observation is not a gRPC call (an HTTP request, a publish). */
    static ObservedGrpcCall of(Observation.Context context) {
        if (context instanceof GrpcClientObservationContext client) {
            return new ObservedGrpcCall(client.getServiceName(), client.getFullMethodName());
        }
        if (context instanceof GrpcServerObservationContext server) {
            return new ObservedGrpcCall(server.getServiceName(), server.getFullMethodName());
        }
        return null;
    }
}
