package io.eventstream.common.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventstream.common.testing.OriginalConsumers;
import io.eventstream.common.testing.TestInfra;
import io.nats.client.Connection;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A durable of our name that we did not create (the original's push consumer with a queue
 * group, its pull consumer with max_waiting 128) is taken over on real JetStream: ours starts
 * right after its acknowledged floor, it is gone afterwards, and a takeover interrupted between
 * its steps is finished by the next start, never from the stream's first message.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConsumerTakeoverTest {

    private static final String DURABLE = "payment-worker";

    private Connection nats;
    private String stream;
    private String subject;
    private DurableConsumer consumer;
    private final List<Long> handled = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void streamWithTenMessages() throws Exception {
        nats = TestInfra.natsConnection();
        stream = TestInfra.uniqueStreamName();
        subject = stream + ".created";
        TestInfra.createStreams(nats, stream);
        publish(10);
    }

    @AfterEach
    void cleanUp() {
        if (consumer != null) {
            consumer.stop();
        }
        TestInfra.deleteStream(nats, stream);
        TestInfra.deleteStream(nats, stream + "_DLQ");
    }

    @Test
    void theOriginalsPushConsumerWithAQueueGroupIsTakenOverRightAfterItsFloor(CapturedOutput output) throws Exception {
        long floor = OriginalConsumers.push(nats, stream, DURABLE, subject, 4);
        assertThat(floor).isEqualTo(4);

        start(StartPolicy.AFTER_EXISTING);

        awaitHandled(5, 10);
        assertOursAloneFrom(5);
        assertThat(consumer.takeoverPoint().handledThrough()).as("what was in the stream at the takeover").isEqualTo(10);
        assertThat(output.getOut()).contains("found a consumer of this name that eventstream did not create (push to _ORIGINAL."
                + DURABLE + "." + stream + ", queue group " + DURABLE)
                .contains("acknowledged through stream sequence 4")
                .contains("step 1/4", "step 2/4", "step 3/4", "step 4/4; takeover done".substring(0, 8));
        publish(2);
        awaitHandled(5, 12);
    }

    @Test
    void theOriginalsPullConsumerWithMaxWaiting128IsTakenOverRightAfterItsFloor() throws Exception {
        assertThat(OriginalConsumers.pull(nats, stream, DURABLE, subject, 6)).isEqualTo(6);

        start(StartPolicy.AFTER_EXISTING);

        awaitHandled(7, 10);
        assertOursAloneFrom(7);
    }

    @Test
    void startPolicyAllTakesOverAndReadsEverythingBecauseTheOperatorAskedForIt() throws Exception {
        OriginalConsumers.push(nats, stream, DURABLE, subject, 4);

        start(StartPolicy.ALL);

        awaitHandled(1, 10);
        assertThat(consumer.takeoverPoint().handledThrough()).isEqualTo(10);
    }

    @Test
    void startPolicyNewTakesOverAndReadsOnlyWhatComesAfter() throws Exception {
        OriginalConsumers.push(nats, stream, DURABLE, subject, 4);

        start(StartPolicy.NEW);
        publish(3);

        awaitHandled(11, 13);
        assertThat(consumer.takeoverPoint().handledThrough()).isZero();
    }

    @Test
    void aCrashAfterTheStartWasRecordedIsFinishedByTheNextStart() throws Exception {
        OriginalConsumers.pull(nats, stream, DURABLE, subject, 4);
        // Step 1 done (the start recorded in <durable>-takeover), then the process died.
        nats.jetStreamManagement().addOrUpdateConsumer(stream, ConsumerTakeover.configuration(settings(StartPolicy.ALL),
                DURABLE + "-takeover", new ConsumerStart(StartPolicy.parse("sequence:5"), 10)));

        start(StartPolicy.AFTER_EXISTING);

        awaitHandled(5, 10);
        assertOursAloneFrom(5);
    }

    @Test
    void aCrashAfterTheOldConsumerWasRemovedResumesFromTheRecordNotFromTheFirstMessage(CapturedOutput output)
            throws Exception {
        OriginalConsumers.pull(nats, stream, DURABLE, subject, 4);
        nats.jetStreamManagement().addOrUpdateConsumer(stream, ConsumerTakeover.configuration(settings(StartPolicy.ALL),
                DURABLE + "-takeover", new ConsumerStart(StartPolicy.parse("sequence:5"), 10)));
        nats.jetStreamManagement().deleteConsumer(stream, DURABLE); // step 2 done, then the crash

        start(StartPolicy.AFTER_EXISTING);

        awaitHandled(5, 10);
        assertOursAloneFrom(5);
        assertThat(consumer.takeoverPoint().handledThrough()).isEqualTo(10);
        assertThat(output.getOut()).contains("resuming an interrupted takeover, from stream sequence 5");
    }

    @Test
    void aCrashAfterOursWasCreatedOnlyRemovesTheRecord() throws Exception {
        var jsm = nats.jetStreamManagement();
        ConsumerStart start = new ConsumerStart(StartPolicy.parse("sequence:5"), 10);
        jsm.addOrUpdateConsumer(stream, ConsumerTakeover.configuration(settings(StartPolicy.ALL), DURABLE + "-takeover", start));
        jsm.addOrUpdateConsumer(stream, ConsumerTakeover.configuration(settings(StartPolicy.ALL), DURABLE, start));

        start(StartPolicy.AFTER_EXISTING);

        awaitHandled(5, 10);
        assertOursAloneFrom(5);
    }

    @Test
    void oursKeepsItsPositionAcrossRestartsWhateverThePolicySaysNow() throws Exception {
        start(StartPolicy.AFTER_EXISTING);
        awaitHandled(1, 10);
        assertThat(consumer.takeoverPoint().handledThrough()).as("the stream held 10 when it was created").isEqualTo(10);
        consumer.stop();
        publish(2);
        handled.clear();

        start(StartPolicy.ALL);

        awaitHandled(11, 12);
        assertThat(consumer.takeoverPoint().handledThrough()).as("kept on the server").isEqualTo(10);
        ConsumerConfiguration config = jsmInfo().getConsumerConfiguration();
        assertThat(config.getDeliverPolicy()).isEqualTo(DeliverPolicy.All);
    }

    @Test
    void aNewConsumerOnAnEmptyStreamChecksNothing() throws Exception {
        TestInfra.deleteStream(nats, stream);
        TestInfra.createStream(nats, stream);

        start(StartPolicy.AFTER_EXISTING);
        publish(3);

        awaitHandled(1, 3);
        assertThat(consumer.takeoverPoint().handledThrough()).isZero();
    }

    @Test
    void startPolicySequenceStartsANewConsumerThere() throws Exception {
        start(StartPolicy.parse("sequence:8"));

        awaitHandled(8, 10);
    }

    @Test
    void startPolicyTimeTakesOverFromTheFirstMessageStoredAtOrAfterIt() throws Exception {
        OriginalConsumers.push(nats, stream, DURABLE, subject, 2);
        java.time.Instant sixth = nats.jetStreamManagement().getMessage(stream, 6).getTime().toInstant();

        start(StartPolicy.parse("time:" + sixth));

        // Messages published within the same instant as the sixth start with it too.
        await().atMost(Duration.ofSeconds(15)).until(() -> handled.contains(10L));
        assertThat(handled).contains(6L, 7L, 8L, 9L, 10L).allMatch(seq -> seq >= 6 || sameInstant(seq, sixth));
        assertThat(jsmInfo().getConsumerConfiguration().getDeliverPolicy()).isEqualTo(DeliverPolicy.ByStartTime);
    }

    private boolean sameInstant(long sequence, java.time.Instant time) {
        try {
            return !nats.jetStreamManagement().getMessage(stream, sequence).getTime().toInstant().isBefore(time);
        } catch (Exception e) {
            return false;
        }
    }

    private void start(StartPolicy policy) {
        consumer = new DurableConsumer(nats, stream, settings(policy), event -> handled.add(event.streamSequence()));
        consumer.start();
        await().atMost(Duration.ofSeconds(10)).until(consumer::isSubscribed);
    }

    private ConsumerSettings settings(StartPolicy policy) {
        return new ConsumerSettings(DURABLE, subject, 2, 64, Duration.ofSeconds(2), 3, Duration.ofMillis(50),
                Duration.ofMillis(200), 1, policy);
    }

    /** Exactly the messages from..to, each once (waits until all came, then for strays). */
    private void awaitHandled(long from, long to) throws Exception {
        List<Long> expected = LongStream.rangeClosed(from, to).boxed().toList();
        await().atMost(Duration.ofSeconds(15)).until(() -> handled.size() >= expected.size());
        await().atMost(Duration.ofSeconds(5)).until(() -> jsmInfo().getNumAckPending() == 0);
        List<Long> got;
        synchronized (handled) {
            got = new ArrayList<>(handled);
        }
        Collections.sort(got);
        assertThat(got).as("handled, each once, nothing at or below the floor").isEqualTo(expected);
    }

    private void assertOursAloneFrom(long first) throws Exception {
        var config = jsmInfo().getConsumerConfiguration();
        assertThat(config.getDeliverSubject()).as("a pull consumer now").isNull();
        assertThat(config.getDeliverPolicy()).isEqualTo(DeliverPolicy.ByStartSequence);
        assertThat(config.getStartSequence()).isEqualTo(first);
        assertThat(config.getDescription()).startsWith("eventstream consumer;");
        assertThat(OriginalConsumers.find(nats, stream, DURABLE + "-takeover")).as("the record is removed").isEmpty();
        assertThat(nats.jetStreamManagement().getConsumerNames(stream)).containsExactly(DURABLE);
    }

    private io.nats.client.api.ConsumerInfo jsmInfo() throws Exception {
        return nats.jetStreamManagement().getConsumerInfo(stream, DURABLE);
    }

    private void publish(int count) throws Exception {
        for (int i = 0; i < count; i++) {
            nats.jetStream().publish(subject, ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
    }
}
