package io.eventstream.common.consumer;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Up while the consumer is bound to its durable and receiving; down while it is still trying to
 * start. A missing dead-letter stream shows as a detail ({@code deadLetterStreamMissing}), not as
 * down: the consumer still handles every other message, a poison message only waits on the
 * server, and neither a restart nor taking the worker out of service creates the stream (the
 * bootstrapper does).
 */
public class DurableConsumerHealthIndicator implements HealthIndicator {

    private final DurableConsumer consumer;

    public DurableConsumerHealthIndicator(DurableConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public Health health() {
        Health.Builder builder = consumer.isSubscribed() ? Health.up() : Health.down();
        builder.withDetail("stream", consumer.stream())
                .withDetail("durable", consumer.settings().durableName())
                .withDetail("subject", consumer.settings().filterSubject())
                .withDetail("running", consumer.isRunning())
                .withDetail("deadLetterStream", consumer.deadLetterStream());
        if (consumer.isDeadLetterStreamMissing()) {
            builder.withDetail("deadLetterStreamMissing",
                    "poison messages wait, not acked, until the bootstrapper creates " + consumer.deadLetterStream());
        }
        return builder.build();
    }
}
