package io.eventstream.common.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A batch consumer's linger against the real JetStream: messages that trickle in (as at moderate
 * load, each handled long before the next arrives) share a batch when they come within the linger,
 * and each batch of one is handled without waiting when none is set.
 */
class ConsumerLingerTest extends ConsumerStreamFixture {

    private static final String DURABLE = "linger-worker";

    private DurableConsumer consumer;

    @AfterEach
    void stopConsumer() {
        if (consumer != null) {
            consumer.stop();
        }
    }

    @Test
    void messagesThatTrickleInWithinTheLingerShareABatch() throws Exception {
        List<Integer> batchSizes = trickle(Duration.ofMillis(600));
        // Six messages 20 ms apart, all inside one linger (four batch threads, yet one gathers).
        assertThat(batchSizes).containsExactly(6);
    }

    @Test
    void withoutALingerEachMessageThatTricklesInIsHandledAtOnce() throws Exception {
        List<Integer> batchSizes = trickle(Duration.ZERO);
        assertThat(batchSizes).hasSize(6).allSatisfy(n -> assertThat(n).isEqualTo(1));
    }

    /** Publishes six messages 20 ms apart and returns the sizes of the batches that handled them. */
    private List<Integer> trickle(Duration linger) throws Exception {
        Map<String, Integer> handled = new ConcurrentHashMap<>();
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        ConsumerSettings settings = new ConsumerSettings(DURABLE, stream + ".*", 4, 256, Duration.ofSeconds(5), 5,
                Duration.ofMillis(100), Duration.ofSeconds(1), 64).withLinger(linger);
        consumer = new DurableConsumer(nats, stream, settings, new BatchEventHandler() {
            @Override
            public void handle(ReceivedEvent event) {
                batchSizes.add(1);
                handled.merge(event.eventId(), 1, Integer::sum);
            }

            @Override
            public void handleAll(List<ReceivedEvent> events, EventSpans spans) throws Exception {
                batchSizes.add(events.size());
                for (ReceivedEvent event : events) {
                    spans.run(event, () -> handled.merge(event.eventId(), 1, Integer::sum));
                }
            }
        });
        consumer.start();
        for (int i = 0; i < 6; i++) {
            publish("e" + i, "e" + i, "{}");
            Thread.sleep(20);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 6);
        Thread.sleep(200);
        assertThat(handled.values()).allSatisfy(n -> assertThat(n).isEqualTo(1));
        return batchSizes;
    }
}
