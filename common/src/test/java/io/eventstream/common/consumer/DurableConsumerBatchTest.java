package io.eventstream.common.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * DurableConsumer's batches on the real NATS JetStream: they form from what has arrived, every message
 * is acked once, and a failed batch is handled again one by one so only the poison is dead-lettered.
 */
class DurableConsumerBatchTest extends DurableConsumerFixture {

    @Test
    void batchesFormFromWhatArrivedAndEveryMessageIsAckedOnce() throws Exception {
        Map<String, Integer> handled = new ConcurrentHashMap<>();
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        start(settings(Duration.ofSeconds(5)).withMaxBatch(16), new BatchEventHandler() {
            @Override
            public void handle(ReceivedEvent event) throws Exception {
                // A batch of one comes here: it waits too, or a consumer that keeps up with the
                // publisher would take every message alone and no batch would ever form.
                release.await(10, TimeUnit.SECONDS);
                handled.merge(event.eventId(), 1, Integer::sum);
            }

            @Override
            public void handleAll(List<ReceivedEvent> events, EventSpans spans) throws Exception {
                release.await(10, TimeUnit.SECONDS); // the rest piles up meanwhile
                batchSizes.add(events.size());
                for (ReceivedEvent event : events) {
                    spans.run(event, () -> handled.merge(event.eventId(), 1, Integer::sum));
                }
            }
        });

        int total = 100;
        for (int i = 0; i < total; i++) {
            publish("e" + i, "a" + i, "{}");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> consumerInfo().getNumAckPending() >= 32);
        release.countDown();

        await().atMost(Duration.ofSeconds(20)).until(() -> handled.size() == total);
        assertThat(handled.values()).allSatisfy(n -> assertThat(n).isEqualTo(1));
        assertThat(batchSizes).allSatisfy(n -> assertThat(n).isBetween(2, 16));
        assertThat(batchSizes).contains(16);
        awaitNothingPending();
        assertThat(counter(ConsumerMetrics.PROCESSED)).isEqualTo(total);
        assertThat(meters.get(ConsumerMetrics.BATCH_SIZE).tag("consumer", DURABLE).summary().count())
                .isEqualTo(batchSizes.size());
    }

    @Test
    void aFailedBatchIsHandledAgainOneByOneSoOnlyThePoisonIsDeadLettered() throws Exception {
        Map<String, Integer> handled = new ConcurrentHashMap<>();
        AtomicInteger failedBatches = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        ConsumerSettings settings = new ConsumerSettings(DURABLE, stream + ".*", 1, 64, Duration.ofSeconds(5), 2,
                Duration.ofMillis(50), Duration.ofMillis(200), 32);
        start(settings, new BatchEventHandler() {
            @Override
            public void handle(ReceivedEvent event) throws Exception {
                release.await(10, TimeUnit.SECONDS); // the first message waits, so the rest arrive
                if (event.dataAsString().equals("poison")) {
                    throw new PoisonMessageException("cannot be handled");
                }
                handled.merge(event.eventId(), 1, Integer::sum);
            }

            @Override
            public void handleAll(List<ReceivedEvent> events, EventSpans spans) throws Exception {
                release.await(10, TimeUnit.SECONDS);
                if (events.stream().anyMatch(e -> e.dataAsString().equals("poison"))) {
                    failedBatches.incrementAndGet();
                    throw new PoisonMessageException("one of the batch cannot be handled");
                }
                events.forEach(event -> handled.merge(event.eventId(), 1, Integer::sum));
            }
        });

        for (int i = 0; i < 30; i++) {
            publish("e" + i, "a" + i, i == 10 ? "poison" : "{}");
        }
        // Every message delivered and none acked: the one being handled waits, the rest wait for it.
        await().atMost(Duration.ofSeconds(10)).until(() -> consumerInfo().getNumAckPending() == 30);
        release.countDown();

        await().atMost(Duration.ofSeconds(20)).until(() -> dlqCount() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 29);
        awaitNothingPending();
        assertThat(failedBatches).hasPositiveValue();
        assertThat(handled).doesNotContainKey("e10");
        assertThat(handled.values()).allSatisfy(n -> assertThat(n).isEqualTo(1));
        assertThat(counter(ConsumerMetrics.PROCESSED)).isEqualTo(29);
        assertThat(counter(ConsumerMetrics.DEAD_LETTERED)).isEqualTo(1);
    }
}
