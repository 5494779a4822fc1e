package io.eventstream.common.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.testing.TestInfra;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
class DeadLetterStreamMissingTest {

    private static final String DURABLE = "dlq-missing-worker";

    private Connection nats;
    private String stream;
    private DurableConsumer consumer;

    @BeforeEach
    void createOnlyTheEventStream() throws Exception {
        nats = TestInfra.natsConnection();
        stream = TestInfra.uniqueStreamName();
        TestInfra.createStream(nats, stream);
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (consumer != null) {
            consumer.stop();
        }
        TestInfra.deleteStream(nats, stream);
        TestInfra.deleteStream(nats, stream + "_DLQ");
        nats.close();
    }

    @Test
    void aPoisonMessageWaitsUnackedWithOneLineAndHealthUntilTheBootstrapperCreatesTheStream(CapturedOutput output)
            throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        consumer = new DurableConsumer(nats, stream, new ConsumerSettings(DURABLE, stream + ".*", 2, 64,
                Duration.ofSeconds(2), 2, Duration.ofMillis(50), Duration.ofMillis(200)), event -> {
                    attempts.incrementAndGet();
                    throw new PoisonMessageException("cannot be handled");
                }, meters);
        DurableConsumerHealthIndicator health = new DurableConsumerHealthIndicator(consumer);
        consumer.start();
        assertThat(consumer.isSubscribed()).isTrue();
        assertThat(health.health().getDetails()).containsEntry("deadLetterStream", stream + "_DLQ")
                .doesNotContainKey("deadLetterStreamMissing");

        publish("poison-1");
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
        assertThat(meters.get(ConsumerMetrics.DEAD_LETTERED).tag("consumer", DURABLE).counter().count()).isZero();

        TestInfra.createDeadLetterStream(nats, stream); // what the bootstrapper does
        await().atMost(Duration.ofSeconds(15)).until(() -> deadLetterCount() == 1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(consumerInfo().getNumAckPending()).isZero();
            assertThat(consumerInfo().getNumPending()).isZero();
        });
        assertThat(consumer.isDeadLetterStreamMissing()).isFalse();
        assertThat(health.health().getDetails()).doesNotContainKey("deadLetterStreamMissing");
        assertThat(nats.jetStreamManagement().getLastMessage(stream + "_DLQ", stream + "_DLQ." + DURABLE)
                .getHeaders().getFirst(EventHeaders.DLQ_CONSUMER)).isEqualTo(DURABLE);
        assertThat(meters.get(ConsumerMetrics.DEAD_LETTERED).tag("consumer", DURABLE).counter().count()).isEqualTo(1);
    }

    private void publish(String eventId) throws Exception {
        nats.jetStream().publish(NatsMessage.builder().subject(stream + ".created")
                .headers(new Headers().put(EventHeaders.MSG_ID, eventId).put(EventHeaders.AGGREGATE_ID, "a1"))
                .data("x".getBytes(StandardCharsets.UTF_8)).build());
    }

    private ConsumerInfo consumerInfo() throws Exception {
        return nats.jetStreamManagement().getConsumerInfo(stream, DURABLE);
    }

    private long deadLetterCount() {
        try {
            return nats.jetStreamManagement().getStreamInfo(stream + "_DLQ").getStreamState().getMsgCount();
        } catch (Exception e) {
            return 0;
        }
    }
}
