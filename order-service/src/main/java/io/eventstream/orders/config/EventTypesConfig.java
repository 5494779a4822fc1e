package io.eventstream.orders.config;

import io.eventstream.common.events.OrderEventTypes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The event types, normally provided by common's NATS auto-configuration, which this
 * service excludes: it only talks to the event store, never to NATS.
 */
@Configuration(proxyBeanMethods = false)
class EventTypesConfig {

    @Bean
    OrderEventTypes orderEventTypes(StreamProperties props) {
        return new OrderEventTypes(props.stream());
    }
}
