package io.eventstream.payment.takeover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventstream.common.consumer.InvalidSettingException;
import io.eventstream.common.testing.FakeEventStore;
import io.eventstream.common.testing.OriginalConsumers;
import io.eventstream.common.testing.TestInfra;
import io.eventstream.common.testing.TestPki;
import io.eventstream.common.testing.TestTokens;
import io.eventstream.common.testing.TestStream;
import io.eventstream.payment.PaymentWorkerApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A start-policy that is none refuses the start with one line naming the setting, before any
 * consumer is touched: the original's consumer is still there afterwards.
 */
@ExtendWith(OutputCaptureExtension.class)
class BadStartPolicyTest {

    @Test
    void anUnknownStartPolicyStopsTheStartInOneLine(CapturedOutput output) throws Exception {
        String database = TestInfra.createDatabase("payments_policy");
        FakeEventStore store = FakeEventStore.started();
        try (TestStream stream = TestStream.create()) {
            OriginalConsumers.push(stream.nats(), stream.name(), "payment-worker", stream.types().created(), 0);
            SpringApplicationBuilder app = new SpringApplicationBuilder(PaymentWorkerApplication.class);
            java.util.List<String> shipped = new java.util.ArrayList<>(TestPki.arguments("payment-worker"));
            shipped.add("--spring.security.oauth2.resourceserver.jwt.public-key-location=" + TestTokens.publicKeyLocation());
            String[] args = java.util.stream.Stream.concat(shipped.stream(), java.util.stream.Stream.of(
                "--server.port=0",
                "--eventstream.nats.url=" + TestInfra.NATS_URL,
                "--eventstream.nats.stream=" + stream.name(),
                "--spring.grpc.client.channel.eventstore.target=" + store.target(),
                "--spring.datasource.url=" + TestInfra.jdbcUrl(database),
                "--spring.datasource.username=" + TestInfra.PG_ADMIN,
                "--management.tracing.export.zipkin.enabled=false",
                "--eventstream.consumer.start-policy=from-the-start")).toArray(String[]::new);
            String line = "eventstream.consumer.start-policy: \"from-the-start\" is not a start policy; use after-existing,"
                    + " new, all, sequence:<n> (n >= 1) or time:<ISO-8601 instant, e.g. 2026-12-04T20:00:00Z>";
            assertThatThrownBy(() -> app.run(args).close()).rootCause()
                    .isInstanceOf(InvalidSettingException.class).hasMessage(line);
            assertThat(output).contains("APPLICATION FAILED TO START").contains(line);
            assertThat(OriginalConsumers.find(stream.nats(), stream.name(), "payment-worker")).get()
                    .satisfies(info -> assertThat(info.getConsumerConfiguration().getDeliverGroup())
                            .as("the original's, untouched").isEqualTo("payment-worker"));
        } finally {
            store.stop();
            TestInfra.dropDatabase(database);
        }
    }
}
