package io.eventstream.eventstore.grpc;

import io.eventstream.eventstore.security.AppendAuthorization;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.server.service.DefaultGrpcServiceConfigurer;
import org.springframework.grpc.server.service.GrpcServiceConfigurer;

/** How the gRPC server binds the services: Spring gRPC's default, with requests that cannot be parsed refused and appends authorized. */
@Configuration(proxyBeanMethods = false)
class GrpcServerConfiguration {

    /** Replaces Boot's (which backs off when one is defined); it still binds the global interceptors. */
    @Bean
    GrpcServiceConfigurer grpcServiceConfigurer(ApplicationContext context, AppendAuthorization appendAuthorization) {
        DefaultGrpcServiceConfigurer defaults = new DefaultGrpcServiceConfigurer(context);
        // Not a bean itself (it would be a second configurer): initialise it as the container would.
        defaults.afterPropertiesSet();
        return new RequestParsingServiceConfigurer(defaults, appendAuthorization);
    }
}
