package io.eventstream.eventstore.grpc;

import io.grpc.ServerServiceDefinition;
import org.springframework.grpc.server.GrpcServerFactory;
import org.springframework.grpc.server.service.GrpcServiceConfigurer;
import org.springframework.grpc.server.service.GrpcServiceSpec;

/**
 * Spring gRPC's service binding, with each service's requests parsed by the service itself
 * ({@link UnparsableRequests}) before the interceptors are bound on top, so that they see the
 * refusal like any other answer.
 */
final class RequestParsingServiceConfigurer implements GrpcServiceConfigurer {

    private final GrpcServiceConfigurer delegate;

    RequestParsingServiceConfigurer(GrpcServiceConfigurer delegate) {
        this.delegate = delegate;
    }

    @Override
    public ServerServiceDefinition configure(GrpcServiceSpec spec, GrpcServerFactory factory) {
        GrpcServiceSpec parsing = new GrpcServiceSpec(
                () -> UnparsableRequests.refusedAsInvalidArgument(spec.service().bindService()), spec.serviceInfo());
        return delegate.configure(parsing, factory);
    }
}
