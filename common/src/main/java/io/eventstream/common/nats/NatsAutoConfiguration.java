package io.eventstream.common.nats;

import io.eventstream.common.events.OrderEventTypes;
import io.nats.client.Connection;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** One NATS connection per service, its health, and the event types of the configured stream. */
@AutoConfiguration
@EnableConfigurationProperties(NatsProperties.class)
public class NatsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    OrderEventTypes orderEventTypes(NatsProperties props) {
        return new OrderEventTypes(props.stream());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "eventstream.nats", name = "enabled", matchIfMissing = true)
    Connection natsConnection(NatsProperties props, @Value("${spring.application.name:eventstream}") String appName,
            ObjectProvider<MeterRegistry> meters) throws IOException, InterruptedException {
        return NatsConnections.open(props, appName, meters.getIfAvailable());
    }

    @Bean(name = "natsHealthIndicator")
    @ConditionalOnMissingBean(name = "natsHealthIndicator")
    @org.springframework.boot.autoconfigure.condition.ConditionalOnBean(Connection.class)
    NatsHealthIndicator natsHealthIndicator(Connection connection) {
        return new NatsHealthIndicator(connection);
    }
}
