package io.eventstream.common.eventstore;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the event store client. The address itself is Boot's:
 * {@code spring.grpc.client.channel.eventstore.target=static://127.0.0.1:50051}.
 *
 * @param deadline      how long one call may take before it fails as DEADLINE_EXCEEDED
 * @param healthService the grpc.health.v1 service name the health check asks about; the
 *                      event store reports its database under "eventstore" ("" is its
 *                      overall health, which includes NATS: the store accepts appends
 *                      without NATS, so that would be too strict)
 * @param healthTimeout deadline of the health check call
 * @param appendBatching how appends made at the same time are sent: together, as one CreateEvents
 *                      ({@link AppendBatching}, on by default)
 */
@ConfigurationProperties("eventstream.eventstore")
public record EventStoreClientProperties(Duration deadline, String healthService, Duration healthTimeout,
                                         AppendBatching appendBatching) {

    public EventStoreClientProperties {
        deadline = deadline == null ? Duration.ofSeconds(5) : deadline;
        healthService = healthService == null ? "eventstore" : healthService;
        healthTimeout = healthTimeout == null ? Duration.ofSeconds(2) : healthTimeout;
        appendBatching = appendBatching == null ? AppendBatching.defaults() : appendBatching;
    }
}
