package io.eventstream.common.eventstore;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.grpc.client.GrpcChannelFactory;

/** An {@link EventStoreClient} for every service that names the channel "eventstore". */
@AutoConfiguration(afterName = {
        "org.springframework.boot.grpc.client.autoconfigure.GrpcClientAutoConfiguration",
        "org.springframework.boot.grpc.client.autoconfigure.CompositeChannelFactoryAutoConfiguration"})
@EnableConfigurationProperties(EventStoreClientProperties.class)
@ConditionalOnProperty(prefix = "spring.grpc.client.channel.eventstore", name = "target")
public class EventStoreClientAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    EventStoreClient eventStoreClient(GrpcChannelFactory channels, EventStoreClientProperties props) {
        return new EventStoreClient(channels.createChannel("eventstore"), props.deadline());
    }
}
