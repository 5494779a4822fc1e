package io.eventstream.common.eventstore;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the event store client. The address itself is Boot's:
 * {@code spring.grpc.client.channel.eventstore.target=static://127.0.0.1:50051}.
 *
 * @param deadline how long one call may take before it fails as DEADLINE_EXCEEDED
 */
@ConfigurationProperties("eventstream.eventstore")
public record EventStoreClientProperties(Duration deadline) {

    public EventStoreClientProperties {
        deadline = deadline == null ? Duration.ofSeconds(5) : deadline;
    }
}
