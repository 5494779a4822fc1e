package io.eventstream.common.tracing;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Bean;

/**
 * Trace context across the event store and NATS ({@link EventTracing}), for every service.
 * Uses the Tracer and Propagator Boot configures (Brave, W3C {@code traceparent}, reported
 * to Zipkin); without them, a no-op.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration"})
public class EventTracingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    EventTracing eventTracing(ObjectProvider<ObservationRegistry> observations, ObjectProvider<Tracer> tracer,
            ObjectProvider<Propagator> propagator) {
        return new EventTracing(observations.getIfAvailable(() -> ObservationRegistry.NOOP),
                tracer.getIfAvailable(() -> Tracer.NOOP), propagator.getIfAvailable(() -> Propagator.NOOP));
    }

    @Bean
    GrpcHealthChecksUntraced grpcHealthChecksUntraced() {
        return new GrpcHealthChecksUntraced();
    }

    @Bean
    EventStreamsUntraced eventStreamsUntraced() {
        return new EventStreamsUntraced();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.http.server.observation.ServerRequestObservationContext")
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class ServletTracing {

        @Bean
        ActuatorRequestsUntraced actuatorRequestsUntraced(
                @Value("${management.endpoints.web.base-path:/actuator}") String basePath) {
            return new ActuatorRequestsUntraced(basePath);
        }

        /** Before Boot's observation filter (HIGHEST_PRECEDENCE + 1), which reads the trace headers. */
        @Bean
        @ConditionalOnProperty(name = "eventstream.tracing.client-context", havingValue = "ignore")
        FilterRegistrationBean<ClientTraceHeadersIgnored> clientTraceHeadersIgnored() {
            FilterRegistrationBean<ClientTraceHeadersIgnored> registration =
                    new FilterRegistrationBean<>(new ClientTraceHeadersIgnored());
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            return registration;
        }
    }
}
