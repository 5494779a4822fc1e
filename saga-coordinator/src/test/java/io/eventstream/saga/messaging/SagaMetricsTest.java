package io.eventstream.saga.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.consumer.ReceivedEvent;
import io.eventstream.saga.process.OrderProcess;
import io.eventstream.saga.process.Step;
import io.eventstream.saga.process.Step.Kind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.impl.Headers;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SagaMetricsTest {

    private static final Instant T0 = Instant.parse("2026-11-28T06:00:00Z");
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SagaMetrics metrics = new SagaMetrics(meters);

    @Test
    void anOrderIsCountedOnceByHowItEndedWithTheTimeFromCreatedToTheEnd() {
        OrderProcess rejected = OrderProcess.of("o1", List.of(
                new Step(Kind.CREATED, 1, null, "c1", new BigDecimal("1200"), T0),
                new Step(Kind.PAYMENT_FAILED, 2, "insufficient funds", "c1", new BigDecimal("1200"), T0.plusMillis(40)),
                new Step(Kind.REJECTED, 3, "insufficient funds", null, null, T0.plusMillis(90))), Duration.ofSeconds(30));

        metrics.observed(delivery("ORDERS.paymentfailed", 1), rejected);
        metrics.observed(delivery("ORDERS.rejected", 1), rejected);
        metrics.observed(delivery("ORDERS.rejected", 2), rejected);

        assertThat(meters.get("eventstream.saga.outcomes").tag("outcome", "rejected").counter().count()).isEqualTo(1);
        assertThat(meters.get("eventstream.saga.duration").tag("outcome", "rejected").timer()
                .totalTime(TimeUnit.MILLISECONDS)).isEqualTo(90);
        assertThat(meters.find("eventstream.saga.outcomes").tag("outcome", "approved").counter()).isNull();
    }

    private static ReceivedEvent delivery(String subject, long deliveryCount) {
        return new ReceivedEvent(subject, "e-" + subject, "o1", 0, new byte[0], new Headers(), deliveryCount, 1);
    }
}
