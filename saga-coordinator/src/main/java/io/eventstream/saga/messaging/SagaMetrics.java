package io.eventstream.saga.messaging;

import io.eventstream.common.consumer.ReceivedEvent;
import io.eventstream.saga.process.OrderProcess;
import io.eventstream.saga.process.Step;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Saga outcomes for Prometheus: {@code eventstream.saga.outcomes{outcome}} counts orders by
 * how they ended, {@code eventstream.saga.duration{outcome}} times created to terminal. An
 * order is counted when the coordinator receives its terminal event for the first time (a
 * redelivery of that event after a crash is not counted again).
 */
public class SagaMetrics {

    private final MeterRegistry meters;

    public SagaMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void observed(ReceivedEvent event, OrderProcess process) {
        Optional<Step> terminal = process.terminal();
        Optional<Step> created = process.created();
        if (terminal.isEmpty() || event.deliveryCount() > 1
                || !event.eventType().endsWith("." + terminal.get().kind().suffix())) {
            return;
        }
        String outcome = terminal.get().kind().suffix().toLowerCase(Locale.ROOT);
        Counter.builder("eventstream.saga.outcomes").description("Orders by how they ended")
                .tag("outcome", outcome).register(meters).increment();
        if (created.isPresent() && created.get().at() != null && terminal.get().at() != null) {
            Timer.builder("eventstream.saga.duration").description("From created to the terminal event")
                    .tag("outcome", outcome).publishPercentiles(0.5, 0.95, 0.99).register(meters)
                    .record(Duration.between(created.get().at(), terminal.get().at()));
        }
    }
}
