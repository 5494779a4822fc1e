package io.eventstream.orders.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The stream whose event types this service writes ({@code <stream>.created}). Set apart
 * from common's NATS settings because this service never connects to NATS; application.yml
 * defaults it to {@code eventstream.nats.stream} so one setting serves every service.
 *
 * @param stream stream name, default ORDERS
 */
@ConfigurationProperties("eventstream")
public record StreamProperties(String stream) {

    public StreamProperties {
        stream = stream == null || stream.isBlank() ? "ORDERS" : stream;
    }
}
