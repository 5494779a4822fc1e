package io.eventstream.common.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventstream.common.events.EventHeaders;
import io.nats.client.Message;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a graceful stop (SIGTERM) and a changed AckWait do on a real JetStream server (issue 16):
 * a stopped instance leaves nothing unacknowledged, so no message waits for AckWait; and a new
 * AckWait reaches the existing durable consumer and is the one the server applies.
 */
class DurableConsumerStopTest extends ConsumerStreamFixture {

    private static final String DURABLE = "stop-worker";
    /** Long, so anything a stopped instance left behind would still be unacknowledged when we look. */
    private static final Duration LONG_ACK_WAIT = Duration.ofSeconds(30);

    private DurableConsumer running;

    @AfterEach
    void stopRunning() {
        if (running != null) {
            running.stop();
        }
    }

    @Test
    void aConsumerStoppedUnderLoadLeavesNothingWaitingForAckWait() throws Exception {
        stopUnderLoadThenStartAgain(1);
    }

    @Test
    void aBatchConsumerStoppedUnderLoadLeavesNothingWaitingForAckWait() throws Exception {
        stopUnderLoadThenStartAgain(8);
    }

    /**
     * Messages flow in all the time; one instance is stopped in the middle and, after it has
     * stopped, another starts. The stopped one must have acked or handed back everything it was
     * sent, including what the server put on its last pull after the stop began.
     * (Right after the stop the server may still count handed-back messages as unacknowledged:
     * a nak leaves a message pending until it is delivered again, so that count proves nothing.)
     */
    private void stopUnderLoadThenStartAgain(int maxBatch) throws Exception {
        Set<String> handled = ConcurrentHashMap.newKeySet();
        AtomicInteger published = new AtomicInteger();
        AtomicBoolean publishing = new AtomicBoolean(true);
        ConsumerSettings settings = new ConsumerSettings(DURABLE, stream + ".*", 4, 256, LONG_ACK_WAIT, 5,
                Duration.ofMillis(100), Duration.ofSeconds(1), maxBatch);
        Thread publisher = new Thread(() -> {
            try {
                while (publishing.get()) {
                    publish("e" + published.incrementAndGet());
                    Thread.sleep(2);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        publisher.start();
        try {
            DurableConsumer first = start(settings, slowHandler(handled));
            await().atMost(Duration.ofSeconds(20)).until(() -> handled.size() >= 100);
            first.stop();
            running = null;
        } finally {
            publishing.set(false);
            publisher.join();
        }
        nats.flush(Duration.ofSeconds(5));

        // The next instance gets every message the first did not finish, long before the 30 s
        // AckWait: what the stop handed back is redelivered at once (a message the stopped
        // instance had dropped would come back only after AckWait, and this would time out).
        start(settings, slowHandler(handled));
        int total = published.get();
        await().atMost(LONG_ACK_WAIT.dividedBy(2)).until(() -> handled.size() >= total);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            ConsumerInfo info = consumerInfo();
            assertThat(info.getNumAckPending()).isZero();
            assertThat(info.getNumPending()).isZero();
        });
    }

    @Test
    void aNewAckWaitUpdatesTheExistingDurableAndTheServerAppliesIt() throws Exception {
        start(settingsWith(LONG_ACK_WAIT), event -> { }).stop();
        running = null;
        assertThat(consumerInfo().getConsumerConfiguration().getAckWait()).isEqualTo(LONG_ACK_WAIT);

        // The same durable with the shorter setting, as after an upgrade: createOrUpdate changes it.
        Duration shorter = Duration.ofSeconds(2);
        start(settingsWith(shorter), event -> { }).stop();
        running = null;
        assertThat(consumerInfo().getConsumerConfiguration().getAckWait()).isEqualTo(shorter);

        // And the server redelivers after the new AckWait: a message taken and never acked comes
        // back long before the old 30 s would have let it.
        publish("unacked");
        var consumer = nats.getStreamContext(stream).getConsumerContext(DURABLE);
        Message taken = consumer.next(Duration.ofSeconds(5));
        assertThat(taken).isNotNull();
        assertThat(taken.metaData().deliveredCount()).isEqualTo(1);
        Message again = consumer.next(Duration.ofSeconds(15));
        assertThat(again).as("redelivered within 15 s (AckWait 2 s, was 30 s)").isNotNull();
        assertThat(again.metaData().streamSequence()).isEqualTo(taken.metaData().streamSequence());
        assertThat(again.metaData().deliveredCount()).isEqualTo(2);
        again.ack();
    }

    private ConsumerSettings settingsWith(Duration ackWait) {
        return new ConsumerSettings(DURABLE, stream + ".*", 1, 16, ackWait, 5, Duration.ofMillis(100),
                Duration.ofSeconds(1));
    }

    /** Takes a few milliseconds per message, so the stop finds some in flight and some waiting. */
    private static BatchEventHandler slowHandler(Set<String> handled) {
        return new BatchEventHandler() {
            @Override
            public void handle(ReceivedEvent event) throws Exception {
                Thread.sleep(5);
                handled.add(event.header(EventHeaders.MSG_ID));
            }

            @Override
            public void handleAll(List<ReceivedEvent> events, EventSpans spans) throws Exception {
                Thread.sleep(10);
                events.forEach(e -> handled.add(e.header(EventHeaders.MSG_ID)));
            }
        };
    }

    private DurableConsumer start(ConsumerSettings settings, EventHandler handler) {
        DurableConsumer consumer = new DurableConsumer(nats, stream, settings, handler);
        consumer.start();
        assertThat(consumer.isSubscribed()).isTrue();
        running = consumer;
        return consumer;
    }

    private void publish(String eventId) throws Exception {
        Headers headers = new Headers()
                .put(EventHeaders.MSG_ID, eventId)
                .put(EventHeaders.EVENT_TYPE, stream + ".created")
                .put(EventHeaders.AGGREGATE_ID, "a-" + eventId)
                .put(EventHeaders.AGGREGATE_TYPE, "order")
                .put(EventHeaders.AGGREGATE_VERSION, "1");
        nats.jetStream().publish(NatsMessage.builder().subject(stream + ".created").headers(headers)
                .data("{}".getBytes(StandardCharsets.UTF_8)).build());
    }

    private ConsumerInfo consumerInfo() throws Exception {
        return nats.jetStreamManagement().getConsumerInfo(stream, DURABLE);
    }
}
