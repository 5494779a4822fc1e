package io.eventstream.eventstore.grpc;

import io.eventstream.eventstore.security.AppendAuthorization;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import org.springframework.grpc.server.GrpcServerFactory;
import org.springframework.grpc.server.service.GrpcServiceConfigurer;
import org.springframework.grpc.server.service.GrpcServiceSpec;

/**
 * Spring gRPC's service binding, with each service's requests parsed by the service itself
 * ({@link UnparsableRequests}) before the interceptors are bound on top, so that they see the
 * refusal like any other answer. The append authorization is bound inside the parsing: it
 * needs the parsed request (its event type).
 */
final class RequestParsingServiceConfigurer implements GrpcServiceConfigurer {

    private final GrpcServiceConfigurer delegate;
    private final AppendAuthorization appendAuthorization;

    RequestParsingServiceConfigurer(GrpcServiceConfigurer delegate, AppendAuthorization appendAuthorization) {
        this.delegate = delegate;
        this.appendAuthorization = appendAuthorization;
    }

    @Override
    public ServerServiceDefinition configure(GrpcServiceSpec spec, GrpcServerFactory factory) {
        GrpcServiceSpec parsing = new GrpcServiceSpec(
                () -> UnparsableRequests.refusedAsInvalidArgument(
                        ServerInterceptors.intercept(spec.service().bindService(), appendAuthorization)),
                spec.serviceInfo());
        return delegate.configure(parsing, factory);
    }
}
