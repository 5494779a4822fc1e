package io.eventstream.common.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * DurableConsumer's settings: the redelivery back-off doubles up to its maximum, and
 * ConsumerProperties fills in the defaults.
 */
class DurableConsumerSettingsTest extends DurableConsumerFixture {

    @Test
    void backoffDoublesUpToTheMaximum() {
        DurableConsumer consumer = new DurableConsumer(nats, stream, new ConsumerSettings(DURABLE, stream + ".*", 1, 1,
                Duration.ofSeconds(1), 5, Duration.ofMillis(250), Duration.ofSeconds(2)), e -> { });
        assertThat(consumer.backoff(1)).isEqualTo(Duration.ofMillis(250));
        assertThat(consumer.backoff(2)).isEqualTo(Duration.ofMillis(500));
        assertThat(consumer.backoff(3)).isEqualTo(Duration.ofSeconds(1));
        assertThat(consumer.backoff(4)).isEqualTo(Duration.ofSeconds(2));
        assertThat(consumer.backoff(500)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void propertiesFillInDefaults() {
        ConsumerSettings s = new ConsumerProperties(null, 4, null, Duration.ofSeconds(3), null, null, null, null, null, null, null)
                .toSettings("payment-worker", "ORDERS.created");
        ConsumerSettings d = ConsumerSettings.defaults("payment-worker", "ORDERS.created");
        assertThat(s.durableName()).isEqualTo("payment-worker");
        assertThat(s.parallelism()).isEqualTo(4);
        assertThat(s.ackWait()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.maxAckPending()).isEqualTo(d.maxAckPending());
        assertThat(s.maxDeliver()).isEqualTo(d.maxDeliver());
        assertThat(new ConsumerProperties("other", null, null, null, null, null, null, null, null, null, null)
                .toSettings("payment-worker", "ORDERS.created").durableName()).isEqualTo("other");
    }
}
