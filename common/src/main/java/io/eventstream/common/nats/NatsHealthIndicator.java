package io.eventstream.common.nats;

import io.nats.client.Connection;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** Up while the NATS connection is connected. */
public class NatsHealthIndicator implements HealthIndicator {

    private final Connection connection;

    public NatsHealthIndicator(Connection connection) {
        this.connection = connection;
    }

    @Override
    public Health health() {
        Connection.Status status = connection.getStatus();
        Health.Builder builder = status == Connection.Status.CONNECTED ? Health.up() : Health.down();
        builder.withDetail("status", status.name());
        if (connection.getConnectedUrl() != null) {
            builder.withDetail("server", connection.getConnectedUrl());
        }
        return builder.build();
    }
}
