package io.eventstream.orders.board;

import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.eventstore.EventStoreClient;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The board's feed follows the event store through the service's one {@link EventStoreClient}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BoardProperties.class)
class BoardConfig {

    @Bean
    BoardFeed boardFeed(EventStoreClient eventStore, OrderEventTypes types, BoardProperties props) {
        return new BoardFeed(eventStore, types, props);
    }
}
