package io.eventstream.eventstore.security;

import io.eventstream.common.tls.TlsFiles;
import io.eventstream.eventstore.access.AccessTable;
import io.eventstream.eventstore.access.Grant;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.GrpcServerFactory;
import org.springframework.grpc.server.service.GrpcServiceConfigurer;
import org.springframework.grpc.server.service.GrpcServiceDiscoverer;

/** The access table on every call, and the plaintext listener for the original's clients when turned on. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    AccessTable accessTable(AccessProperties props) {
        return props.table();
    }

    @Bean
    Refusals grpcRefusals(MeterRegistry meters) {
        return new Refusals(meters);
    }

    /** First of the interceptors: a refused call is not traced as a call the service handled. */
    @Bean
    @GlobalServerInterceptor
    @Order(Ordered.HIGHEST_PRECEDENCE)
    AccessInterceptor accessInterceptor(AccessTable table, Refusals refusals, Environment env) {
        if (!tlsOn(env)) {
            LoggerFactory.getLogger(SecurityConfiguration.class).warn("gRPC TLS is OFF (eventstream.tls.enabled=false): "
                    + "callers on port {} are neither authenticated nor authorized; for a cost comparison only",
                    env.getProperty("spring.grpc.server.port", "50051"));
        }
        return new AccessInterceptor(table, refusals, tlsOn(env));
    }

    /** Bound inside the services' request parsing by grpc.GrpcServerConfiguration. */
    @Bean
    AppendAuthorization appendAuthorization(AccessTable table, Refusals refusals, Environment env) {
        return new AppendAuthorization(table, refusals, tlsOn(env));
    }

    /**
     * TLS off (eventstream.tls.enabled=false, for the cost comparison) leaves the main port's
     * callers without identity: they are let through, and one WARN line says so.
     */
    private static boolean tlsOn(Environment env) {
        return env.getProperty("spring.grpc.server.ssl.enabled", Boolean.class, false);
    }

    /** The server's bundle (spring.grpc.server.ssl.bundle), only when TLS is on: its files exist then. */
    @Bean
    @ConditionalOnProperty(prefix = "spring.grpc.server.ssl", name = "enabled", havingValue = "true")
    ServerSslBundle serverSslBundle(TlsFiles files, Refusals refusals) {
        return new ServerSslBundle(files, refusals);
    }

    @Bean
    @ConditionalOnProperty(prefix = "eventstream.original-listener", name = "enabled", havingValue = "true")
    OriginalClientListener originalClientListener(OriginalListenerProperties props, GrpcServiceDiscoverer services,
                                                  GrpcServiceConfigurer configurer,
                                                  ObjectProvider<GrpcServerFactory> factory, AccessTable table) {
        Grant grant = table.grants().get(props.identity());
        String described = grant == null ? "not in the access table: every call is refused"
                : "append " + grant.append() + ", read " + grant.read();
        return new OriginalClientListener(props, services, configurer, factory.getIfUnique(), described);
    }
}
