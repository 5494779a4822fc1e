package io.eventstream.loadtool.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.testing.TestInfra;
import io.nats.client.Connection;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The backlog sampler against real JetStream: a durable that reads nothing shows what waits for it. */
class ConsumerBacklogTest {

    @Test
    void aDurableThatFallsBehindShowsItsBacklogAndTheWatcherIsLeftOut() throws Exception {
        String stream = "BACKLOG_" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        try (Connection nats = TestInfra.natsConnection()) {
            TestInfra.createStream(nats, stream);
            try {
                nats.jetStreamManagement().addOrUpdateConsumer(stream, ConsumerConfiguration.builder()
                        .durable("slow-worker").ackPolicy(AckPolicy.Explicit).build());
                nats.jetStreamManagement().addOrUpdateConsumer(stream, ConsumerConfiguration.builder()
                        .ackPolicy(AckPolicy.None).inactiveThreshold(java.time.Duration.ofMinutes(1)).build()); // ephemeral, as the load tool's watcher
                for (int i = 0; i < 7; i++) {
                    nats.jetStream().publish(stream + ".created", ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
                }
                Map<String, Object> report;
                List<Map<String, Object>> seconds;
                try (ConsumerBacklog backlog = new ConsumerBacklog(nats, stream)) {
                    Thread.sleep(1500); // at least one sample
                    report = backlog.report();
                    seconds = backlog.perSecond();
                    assertThat(backlog.line()).startsWith("slow-worker ").contains("(peak 7/0)");
                }
                assertThat(seconds).isNotEmpty().allSatisfy(second -> assertThat(second)
                        .containsEntry("stream_last_seq", 7L)
                        .containsEntry("pending", Map.of("slow-worker", 7L))
                        .containsEntry("ack_pending", Map.of("slow-worker", 0L))
                        .containsEntry("redelivered", Map.of("slow-worker", 0L)));
                assertThat(seconds.get(0)).containsEntry("second", 0L);
                assertThat(report).containsOnlyKeys("slow-worker");
                @SuppressWarnings("unchecked")
                Map<String, Object> slow = (Map<String, Object>) report.get("slow-worker");
                assertThat(slow).containsEntry("peak_pending", 7L).containsEntry("peak_ack_pending", 0L);
            } finally {
                TestInfra.deleteStream(nats, stream);
            }
        }
    }
}
