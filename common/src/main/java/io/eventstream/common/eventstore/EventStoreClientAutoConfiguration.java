package io.eventstream.common.eventstore;

import io.eventstream.common.tracing.EventTracing;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.grpc.client.GrpcChannelFactory;

/**
 * An {@link EventStoreClient} for every service that names the channel "eventstore", and the
 * health indicator "eventStore" for its readiness group. The target may name one instance
 * ({@code static://host:port}) or several ({@code addresses:///a:50051,b:50061}, with
 * {@code default.load-balancing-policy: round_robin} to spread the calls over them).
 */
@AutoConfiguration(afterName = {
        "io.eventstream.common.tracing.EventTracingAutoConfiguration",
        "org.springframework.boot.grpc.client.autoconfigure.GrpcClientAutoConfiguration",
        "org.springframework.boot.grpc.client.autoconfigure.CompositeChannelFactoryAutoConfiguration"})
@EnableConfigurationProperties(EventStoreClientProperties.class)
@ConditionalOnProperty(prefix = "spring.grpc.client.channel.eventstore", name = "target")
public class EventStoreClientAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    EventStoreClient eventStoreClient(GrpcChannelFactory channels, EventStoreClientProperties props,
            ObjectProvider<EventTracing> tracing) {
        // Before the channel: a target may list several instances (addresses:///a:50051,b:50061).
        AddressListNameResolverProvider.register();
        return new EventStoreClient(channels.createChannel("eventstore"), props.deadline(),
                tracing.getIfAvailable(EventTracing::noop), props.appendBatching());
    }

    /** Over the client's own channel: it checks the connection the service appends with. */
    @Bean
    @ConditionalOnMissingBean(name = "eventStoreHealthIndicator")
    EventStoreHealthIndicator eventStoreHealthIndicator(EventStoreClient client, EventStoreClientProperties props) {
        return new EventStoreHealthIndicator(client.channel(), props.healthService(), props.healthTimeout());
    }
}
