package io.eventstream.common.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.testing.TestInfra;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DurableConsumer against the real NATS JetStream, each test on a stream of its own. */
class DurableConsumerTest {

    private static final String DURABLE = "test-worker";

    private static Connection nats;
    private final List<DurableConsumer> consumers = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private String stream;

    @BeforeAll
    static void connect() throws Exception {
        nats = TestInfra.natsConnection();
    }

    @AfterAll
    static void disconnect() throws Exception {
        nats.close();
    }

    @BeforeEach
    void createStream() throws Exception {
        stream = TestInfra.uniqueStreamName();
        // The event stream and its dead-letter stream, as the bootstrapper makes them: the consumer creates neither.
        TestInfra.createStreams(nats, stream);
    }

    @AfterEach
    void cleanUp() {
        consumers.forEach(DurableConsumer::stop);
        TestInfra.deleteStream(nats, stream);
        TestInfra.deleteStream(nats, stream + "_DLQ");
    }

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
    void poisonMessageIsDeadLetteredWithReasonAfterMaxDeliverAndAcked() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        ConsumerSettings settings = new ConsumerSettings(DURABLE, stream + ".*", 2, 64, Duration.ofSeconds(2), 3,
                Duration.ofMillis(50), Duration.ofMillis(200));
        start(settings, event -> {
            attempts.incrementAndGet();
            throw new PoisonMessageException("order body is not JSON:\nline two");
        });

        publish("bad-1", "a1", "not json");

        await().atMost(Duration.ofSeconds(10)).until(() -> dlqCount() == 1);
        MessageInfo dead = nats.jetStreamManagement().getLastMessage(stream + "_DLQ", stream + "_DLQ." + DURABLE);
        Headers h = dead.getHeaders();
        assertThat(h.getFirst(EventHeaders.DLQ_REASON)).isEqualTo("order body is not JSON: line two");
        assertThat(h.getFirst(EventHeaders.DLQ_CONSUMER)).isEqualTo(DURABLE);
        assertThat(h.getFirst(EventHeaders.DLQ_SUBJECT)).isEqualTo(stream + ".created");
        assertThat(h.getFirst(EventHeaders.DLQ_DELIVERIES)).isEqualTo("3");
        assertThat(h.getFirst(EventHeaders.DLQ_STREAM_SEQUENCE)).isEqualTo("1");
        assertThat(h.getFirst(EventHeaders.AGGREGATE_ID)).isEqualTo("a1");
        assertThat(h.getFirst(EventHeaders.EVENT_TYPE)).isEqualTo(stream + ".created");
        assertThat(new String(dead.getData(), StandardCharsets.UTF_8)).isEqualTo("not json");

        Thread.sleep(2_500); // past ackWait: it was acked, not just left alone
        assertThat(attempts).hasValue(3);
        assertThat(dlqCount()).isEqualTo(1);
        assertNothingPending();
        assertThat(counter(ConsumerMetrics.DEAD_LETTERED)).isEqualTo(1);
        assertThat(counter(ConsumerMetrics.FAILED)).isEqualTo(3);
    }

    @Test
    void aPoisonMessageWaitsWhileTheDeadLetterStreamIsMissing() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        ConsumerSettings settings = new ConsumerSettings(DURABLE, stream + ".*", 2, 64, Duration.ofSeconds(2), 2,
                Duration.ofMillis(50), Duration.ofMillis(200));
        start(settings, event -> {
            attempts.incrementAndGet();
            throw new PoisonMessageException("bad");
        });
        nats.jetStreamManagement().deleteStream(stream + "_DLQ");

        publish("bad-1", "a1", "x");
        await().atMost(Duration.ofSeconds(10)).until(() -> attempts.get() >= 4);
        assertThat(consumerInfo().getNumAckPending()).as("not acked while it cannot be dead-lettered").isEqualTo(1);

        TestInfra.createDeadLetterStream(nats, stream);
        await().atMost(Duration.ofSeconds(10)).until(() -> dlqCount() == 1);
        awaitNothingPending();
        assertThat(counter(ConsumerMetrics.DEAD_LETTERED)).isEqualTo(1);
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

    private ConsumerSettings settings(Duration ackWait) {
        return new ConsumerSettings(DURABLE, stream + ".*", 4, 64, ackWait, 5, Duration.ofMillis(100),
                Duration.ofSeconds(1));
    }

    private DurableConsumer start(ConsumerSettings settings, EventHandler handler) {
        DurableConsumer consumer = new DurableConsumer(nats, stream, settings, handler, meters);
        consumers.add(consumer);
        consumer.start();
        assertThat(consumer.isSubscribed()).isTrue();
        return consumer;
    }

    private void publish(String eventId, String aggregateId, String body) throws Exception {
        Headers headers = new Headers()
                .put(EventHeaders.MSG_ID, eventId)
                .put(EventHeaders.EVENT_TYPE, stream + ".created")
                .put(EventHeaders.AGGREGATE_ID, aggregateId)
                .put(EventHeaders.AGGREGATE_TYPE, "order")
                .put(EventHeaders.AGGREGATE_VERSION, "1")
                .put(EventHeaders.CORRELATION_ID, aggregateId);
        nats.jetStream().publish(NatsMessage.builder()
                .subject(stream + ".created")
                .headers(headers)
                .data(body.getBytes(StandardCharsets.UTF_8))
                .build());
    }

    private ConsumerInfo consumerInfo() throws Exception {
        return nats.jetStreamManagement().getConsumerInfo(stream, DURABLE);
    }

    private void assertNothingPending() throws Exception {
        ConsumerInfo info = consumerInfo();
        assertThat(info.getNumAckPending()).as("unacked messages").isZero();
        assertThat(info.getNumPending()).as("undelivered messages").isZero();
    }

    private void awaitNothingPending() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(this::assertNothingPending);
    }

    private long dlqCount() {
        try {
            return nats.jetStreamManagement().getStreamInfo(stream + "_DLQ").getStreamState().getMsgCount();
        } catch (Exception e) {
            return 0;
        }
    }

    private double counter(String name) {
        return meters.get(name).tag("consumer", DURABLE).counter().count();
    }
}
