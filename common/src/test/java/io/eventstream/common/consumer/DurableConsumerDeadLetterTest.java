package io.eventstream.common.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.testing.TestInfra;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * DurableConsumer's dead-lettering on the real NATS JetStream: a poison message goes to the dead-
 * letter stream with its reason after max-deliver and is acked, and waits unacked while that stream is
 * missing.
 */
class DurableConsumerDeadLetterTest extends DurableConsumerFixture {

    @Test
    void poisonMessageIsDeadLetteredWithReasonAfterMaxDeliverAndAcked() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        startPoisoned(3, "order body is not JSON:\nline two", attempts);

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
        startPoisoned(2, "bad", attempts);
        nats.jetStreamManagement().deleteStream(stream + "_DLQ");

        publish("bad-1", "a1", "x");
        await().atMost(Duration.ofSeconds(10)).until(() -> attempts.get() >= 4);
        assertThat(consumerInfo().getNumAckPending()).as("not acked while it cannot be dead-lettered").isEqualTo(1);

        TestInfra.createDeadLetterStream(nats, stream);
        await().atMost(Duration.ofSeconds(10)).until(() -> dlqCount() == 1);
        awaitNothingPending();
        assertThat(counter(ConsumerMetrics.DEAD_LETTERED)).isEqualTo(1);
    }
}
