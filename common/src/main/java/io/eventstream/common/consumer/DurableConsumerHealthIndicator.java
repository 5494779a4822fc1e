package io.eventstream.common.consumer;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** Up while the consumer is bound to its durable and receiving; down while it is still trying to start. */
public class DurableConsumerHealthIndicator implements HealthIndicator {

    private final DurableConsumer consumer;

    public DurableConsumerHealthIndicator(DurableConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public Health health() {
        Health.Builder builder = consumer.isSubscribed() ? Health.up() : Health.down();
        return builder
                .withDetail("stream", consumer.stream())
                .withDetail("durable", consumer.settings().durableName())
                .withDetail("subject", consumer.settings().filterSubject())
                .withDetail("running", consumer.isRunning())
                .build();
    }
}
