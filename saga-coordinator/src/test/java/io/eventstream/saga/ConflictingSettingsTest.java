package io.eventstream.saga;

import io.eventstream.common.testing.TestPki;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventstream.common.consumer.ConflictingSettingsException;
import io.eventstream.common.testing.FakeEventStore;
import io.eventstream.common.testing.TestInfra;
import io.eventstream.common.testing.TestStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The coordinator refuses to start when its deadline is shorter than its consumer's
 * redeliveries can take, and says so in one line that names the settings (issue 16).
 */
@ExtendWith(OutputCaptureExtension.class)
class ConflictingSettingsTest {

    @Test
    void aDeadlineTheRedeliveriesCouldOutlastStopsTheStart(CapturedOutput output) throws Exception {
        String database = TestInfra.createDatabase("saga_conflict");
        FakeEventStore store = FakeEventStore.started();
        try (TestStream stream = TestStream.create()) {
            SpringApplicationBuilder app = new SpringApplicationBuilder(SagaCoordinatorApplication.class)
                    .web(WebApplicationType.NONE);
            // As command-line arguments, which override application.yml, as a user's would.
            String[] args = {
                "--eventstream.nats.url=" + TestInfra.NATS_URL,
                "--eventstream.nats.stream=" + stream.name(),
                "--spring.grpc.client.channel.eventstore.target=" + store.target(),
                "--eventstream.tls.dir=" + TestPki.dir(),
                "--spring.datasource.url=" + TestInfra.jdbcUrl(database),
                "--spring.datasource.username=" + TestInfra.PG_ADMIN,
                "--management.tracing.export.zipkin.enabled=false",
                // The shipped consumer timings (ack-wait 5s, max-backoff 10s) need at least 30s.
                "--eventstream.saga.deadline=20s"};
            assertThatThrownBy(() -> app.run(args).close())
                    .rootCause()
                    .isInstanceOf(ConflictingSettingsException.class)
                    .hasMessage("eventstream.saga.deadline (20s) must be at least 2 x (eventstream.consumer.ack-wait (5s)"
                            + " + eventstream.consumer.max-backoff (10s)) = 30s, or orders waiting only for a redelivery"
                            + " are cancelled: raise the deadline or shorten those");
            // Spring Boot's short failure report, with that line as its description.
            assertThat(output).contains("APPLICATION FAILED TO START")
                    .contains("eventstream.saga.deadline (20s) must be at least 2 x (eventstream.consumer.ack-wait (5s)");
        } finally {
            store.stop();
            TestInfra.dropDatabase(database);
        }
    }
}
