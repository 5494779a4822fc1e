package io.eventstream.common.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.testing.TestInfra;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The dead-letter stream is the bootstrapper's to create. A consumer started on an event stream
 * without one does not create it, and a poison message it must dead-letter is not lost: it stays
 * unacknowledged on the server, one log line says the bootstrapper must create the stream, the
 * health shows it, and once the stream is there the message is dead-lettered and acked.
 */
@ExtendWith(OutputCaptureExtension.class)
class DeadLetterStreamMissingTest extends DurableConsumerFixture {

    @Test
    void aPoisonMessageWaitsUnackedWithOneLineAndHealthUntilTheBootstrapperCreatesTheStream(CapturedOutput output)
            throws Exception {
        TestInfra.deleteStream(nats, stream + "_DLQ"); // only the event stream, as before the bootstrapper ran
        AtomicInteger attempts = new AtomicInteger();
        DurableConsumer consumer = startPoisoned(2, "cannot be handled", attempts);
        DurableConsumerHealthIndicator health = new DurableConsumerHealthIndicator(consumer);
        assertThat(health.health().getDetails()).containsEntry("deadLetterStream", stream + "_DLQ")
                .doesNotContainKey("deadLetterStreamMissing");

        publish("poison-1", "a1", "x");
        // maxDeliver 2: the second delivery and every one after it tries to dead-letter.
        await().atMost(Duration.ofSeconds(15)).until(() -> attempts.get() >= 5);

        assertThat(nats.jetStreamManagement().getStreamNames()).as("the consumer creates no stream")
                .doesNotContain(stream + "_DLQ");
        assertThat(consumerInfo().getNumAckPending()).as("held, not acked").isEqualTo(1);
        String line = "the dead-letter stream " + stream + "_DLQ does not exist; the bootstrapper must create it";
        assertThat(output.getOut().split(java.util.regex.Pattern.quote(line), -1)).as("logged once, not per retry")
                .hasSize(2);
        Health down = health.health();
        assertThat(down.getStatus()).as("every other message is still handled").isEqualTo(Status.UP);
        assertThat(down.getDetails()).containsKey("deadLetterStreamMissing");
        assertThat(consumer.isDeadLetterStreamMissing()).isTrue();
        assertThat(counter(ConsumerMetrics.DEAD_LETTERED)).isZero();

        TestInfra.createDeadLetterStream(nats, stream); // what the bootstrapper does
        await().atMost(Duration.ofSeconds(15)).until(() -> dlqCount() == 1);
        awaitNothingPending();
        assertThat(consumer.isDeadLetterStreamMissing()).isFalse();
        assertThat(health.health().getDetails()).doesNotContainKey("deadLetterStreamMissing");
        assertThat(nats.jetStreamManagement().getLastMessage(stream + "_DLQ", stream + "_DLQ." + DURABLE)
                .getHeaders().getFirst(EventHeaders.DLQ_CONSUMER)).isEqualTo(DURABLE);
        assertThat(counter(ConsumerMetrics.DEAD_LETTERED)).isEqualTo(1);
    }
}
