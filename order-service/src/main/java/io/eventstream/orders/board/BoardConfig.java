package io.eventstream.orders.board;

import io.eventstream.orders.config.StreamProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.client.GrpcChannelFactory;

/** The board's feed reads the event store over the same named channel ("eventstore") as the client. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BoardProperties.class)
class BoardConfig {

    @Bean
    BoardFeed boardFeed(GrpcChannelFactory channels, StreamProperties stream, BoardProperties props) {
        return new BoardFeed(channels.createChannel("eventstore"), stream.stream(), props);
    }
}
