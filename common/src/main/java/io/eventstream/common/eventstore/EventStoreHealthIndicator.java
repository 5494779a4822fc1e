package io.eventstream.common.eventstore;

import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Up while the event store answers the standard gRPC health check with SERVING for its
 * service (it serves that while its database is up), over the same channel the service
 * appends with, with a short deadline.
 */
public class EventStoreHealthIndicator implements HealthIndicator {

    private final HealthGrpc.HealthBlockingStub health;
    private final String service;
    private final Duration timeout;

    public EventStoreHealthIndicator(Channel channel, String service, Duration timeout) {
        this.health = HealthGrpc.newBlockingStub(channel);
        this.service = service;
        this.timeout = timeout;
    }

    @Override
    public Health health() {
        try {
            HealthCheckResponse response = health.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .check(HealthCheckRequest.newBuilder().setService(service).build());
            Health.Builder builder = response.getStatus() == HealthCheckResponse.ServingStatus.SERVING
                    ? Health.up() : Health.down();
            return builder.withDetail("service", service).withDetail("status", response.getStatus().name()).build();
        } catch (StatusRuntimeException e) {
            return Health.down().withDetail("service", service).withDetail("status", e.getStatus().getCode().name())
                    .build();
        }
    }
}
