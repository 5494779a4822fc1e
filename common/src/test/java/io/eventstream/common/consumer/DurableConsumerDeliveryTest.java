package io.eventstream.common.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.testing.TestInfra;
import io.nats.client.api.ConsumerInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * DurableConsumer against the real NATS JetStream, each test on a stream of its own: a handled message
 * is acked once and not redelivered, a failed one is redelivered, two instances share the work, a slow
 * handler or a stop does not lose or repeat a message, and a missing stream is waited for.
 */
class DurableConsumerDeliveryTest extends DurableConsumerFixture {

    @Test
    void acksAfterSuccessSoNothingIsRedelivered() throws Exception {
        List<ReceivedEvent> handled = new CopyOnWriteArrayList<>();
        start(settings(Duration.ofSeconds(1)), handled::add);

        publish("e1", "a1", "{\"n\":1}");
        publish("e2", "a2", "{\"n\":2}");
        publish("e3", "a3", "");

        await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 3);
        // Longer than ackWait: an unacked message would be back by now.
        Thread.sleep(1_800);
        assertThat(handled).extracting(ReceivedEvent::eventId).containsExactlyInAnyOrder("e1", "e2", "e3");
        assertThat(handled).allSatisfy(e -> assertThat(e.deliveryCount()).isEqualTo(1));
        ReceivedEvent first = handled.stream().filter(e -> e.eventId().equals("e1")).findFirst().orElseThrow();
        assertThat(first.aggregateId()).isEqualTo("a1");
        assertThat(first.version()).isEqualTo(1);
        assertThat(first.dataAsString()).isEqualTo("{\"n\":1}");
        assertThat(first.subject()).isEqualTo(stream + ".created");
        assertThat(first.header(EventHeaders.CORRELATION_ID)).isEqualTo("a1");
        assertNothingPending();
        assertThat(counter(ConsumerMetrics.PROCESSED)).isEqualTo(3);
        assertThat(counter(ConsumerMetrics.REDELIVERED)).isZero();
        assertThat(meters.get(ConsumerMetrics.HANDLING).tag("consumer", DURABLE).tag("outcome", "success").timer()
                .count()).isEqualTo(3);
    }

    @Test
    void transientFailureIsRedeliveredAndHandledOnce() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        List<ReceivedEvent> succeeded = new CopyOnWriteArrayList<>();
        start(settings(Duration.ofSeconds(2)), event -> {
            attempts.incrementAndGet();
            if (event.deliveryCount() == 1) {
                throw new IllegalStateException("event store unavailable");
            }
            succeeded.add(event);
        });

        publish("e1", "a1", "{}");

        await().atMost(Duration.ofSeconds(10)).until(() -> succeeded.size() == 1);
        Thread.sleep(500);
        assertThat(attempts).hasValue(2);
        assertThat(succeeded).singleElement().satisfies(e -> assertThat(e.deliveryCount()).isEqualTo(2));
        assertNothingPending();
        assertThat(counter(ConsumerMetrics.FAILED)).isEqualTo(1);
        assertThat(counter(ConsumerMetrics.REDELIVERED)).isEqualTo(1);
        assertThat(counter(ConsumerMetrics.PROCESSED)).isEqualTo(1);
    }

    @Test
    void twoInstancesShareTheWorkAndHandleEachMessageOnce() throws Exception {
        Map<String, Integer> successes = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> perInstance = Map.of(1, new AtomicInteger(), 2, new AtomicInteger());
        ConsumerSettings settings = new ConsumerSettings(DURABLE, stream + ".*", 3, 64, Duration.ofSeconds(2), 5,
                Duration.ofMillis(50), Duration.ofMillis(500));
        for (int instance = 1; instance <= 2; instance++) {
            int me = instance;
            start(settings, event -> {
                Thread.sleep(15);
                successes.merge(event.eventId(), 1, Integer::sum);
                perInstance.get(me).incrementAndGet();
            });
        }

        int total = 60;
        for (int i = 0; i < total; i++) {
            publish("e" + i, "a" + i, "{}");
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> successes.size() == total);
        Thread.sleep(2_500);
        assertThat(successes).hasSize(total);
        assertThat(successes.values()).allSatisfy(n -> assertThat(n).isEqualTo(1));
        assertThat(perInstance.get(1).get()).isPositive();
        assertThat(perInstance.get(2).get()).isPositive();
        assertThat(perInstance.get(1).get() + perInstance.get(2).get()).isEqualTo(total);
        assertNothingPending();
    }

    @Test
    void slowHandlerLongerThanAckWaitIsNotRedelivered() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        start(settings(Duration.ofSeconds(1)), event -> {
            attempts.incrementAndGet();
            Thread.sleep(3_500);
            done.incrementAndGet();
        });

        publish("slow", "a1", "{}");

        await().atMost(Duration.ofSeconds(10)).until(() -> done.get() == 1);
        Thread.sleep(1_500);
        assertThat(attempts).hasValue(1);
        assertThat(counter(ConsumerMetrics.REDELIVERED)).isZero();
        assertNothingPending();
    }

    @Test
    void stopLetsTheInFlightHandlerFinishAndAck() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        DurableConsumer consumer = start(settings(Duration.ofSeconds(1)), event -> {
            started.countDown();
            Thread.sleep(1_500);
            finished.set(true);
        });

        publish("e1", "a1", "{}");
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        consumer.stop();

        assertThat(finished).isTrue();
        assertThat(consumer.isRunning()).isFalse();
        // The ack is sent without waiting for the server: give a loaded machine a moment to apply it.
        ConsumerInfo info = consumerInfo();
        for (int i = 0; i < 50 && info.getNumAckPending() > 0; i++) {
            Thread.sleep(100);
            info = consumerInfo();
        }
        assertThat(info.getNumAckPending()).isZero();
        assertThat(info.getAckFloor().getStreamSequence()).isEqualTo(1);

        // A new instance on the same durable gets nothing: the message was acked.
        List<ReceivedEvent> later = new CopyOnWriteArrayList<>();
        start(settings(Duration.ofSeconds(1)), later::add);
        Thread.sleep(1_500);
        assertThat(later).isEmpty();
    }

    @Test
    void keepsTryingUntilTheStreamExists() throws Exception {
        String lateStream = TestInfra.uniqueStreamName();
        List<ReceivedEvent> handled = new CopyOnWriteArrayList<>();
        DurableConsumer consumer = new DurableConsumer(nats, lateStream,
                new ConsumerSettings(DURABLE, lateStream + ".*", 2, 64, Duration.ofSeconds(1), 5,
                        Duration.ofMillis(100), Duration.ofMillis(500)), handled::add);
        consumers.add(consumer);
        try {
            consumer.start();
            assertThat(consumer.isRunning()).isTrue();
            assertThat(consumer.isSubscribed()).isFalse();
            assertThat(nats.jetStreamManagement().getStreamNames()).doesNotContain(lateStream + "_DLQ");

            TestInfra.createStream(nats, lateStream);
            await().atMost(Duration.ofSeconds(30)).until(consumer::isSubscribed);
            nats.jetStream().publish(lateStream + ".created", "{}".getBytes(StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == 1);
        } finally {
            consumer.stop();
            TestInfra.deleteStream(nats, lateStream);
            TestInfra.deleteStream(nats, lateStream + "_DLQ");
        }
    }
}
