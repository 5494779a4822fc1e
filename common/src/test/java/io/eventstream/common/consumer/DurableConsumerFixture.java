package io.eventstream.common.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.api.ConsumerInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;

/**
 * What the DurableConsumer tests on a stream of their own share: the consumers they start (stopped
 * after each test, before the stream is deleted), their meters, and how they publish an event and
 * look at the durable consumer, its dead-letter stream and its counters.
 */
abstract class DurableConsumerFixture extends ConsumerStreamFixture {

    static final String DURABLE = "test-worker";

    final List<DurableConsumer> consumers = new ArrayList<>();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @AfterEach
    void stopConsumers() {
        consumers.forEach(DurableConsumer::stop);
    }

    ConsumerSettings settings(Duration ackWait) {
        return new ConsumerSettings(DURABLE, stream + ".*", 4, 64, ackWait, 5, Duration.ofMillis(100),
                Duration.ofSeconds(1));
    }

    DurableConsumer start(ConsumerSettings settings, EventHandler handler) {
        DurableConsumer consumer = new DurableConsumer(nats, stream, settings, handler, meters);
        consumers.add(consumer);
        consumer.start();
        assertThat(consumer.isSubscribed()).isTrue();
        return consumer;
    }

    /**
     * Starts a consumer whose handler rejects every message as poison with {@code reason}, counting
     * each time it is handed one in {@code attempts}; after {@code maxDeliver} deliveries the
     * consumer dead-letters it (fast: ack-wait 2 s, back-off 50 to 200 ms).
     */
    DurableConsumer startPoisoned(int maxDeliver, String reason, AtomicInteger attempts) {
        ConsumerSettings settings = new ConsumerSettings(DURABLE, stream + ".*", 2, 64, Duration.ofSeconds(2),
                maxDeliver, Duration.ofMillis(50), Duration.ofMillis(200));
        return start(settings, event -> {
            attempts.incrementAndGet();
            throw new PoisonMessageException(reason);
        });
    }

    ConsumerInfo consumerInfo() throws Exception {
        return nats.jetStreamManagement().getConsumerInfo(stream, DURABLE);
    }

    void assertNothingPending() throws Exception {
        ConsumerInfo info = consumerInfo();
        assertThat(info.getNumAckPending()).as("unacked messages").isZero();
        assertThat(info.getNumPending()).as("undelivered messages").isZero();
    }

    void awaitNothingPending() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(this::assertNothingPending);
    }

    long dlqCount() {
        try {
            return nats.jetStreamManagement().getStreamInfo(stream + "_DLQ").getStreamState().getMsgCount();
        } catch (Exception e) {
            return 0;
        }
    }

    double counter(String name) {
        return meters.get(name).tag("consumer", DURABLE).counter().count();
    }
}
