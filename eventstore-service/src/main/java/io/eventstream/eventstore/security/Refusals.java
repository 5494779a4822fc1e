package io.eventstream.eventstore.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** {@code eventstream.security.refusals{layer=grpc,reason}}: the convention the three security layers share. */
final class Refusals {

    private final MeterRegistry meters;

    Refusals(MeterRegistry meters) {
        this.meters = meters;
    }

    void count(String reason) {
        Counter.builder("eventstream.security.refusals")
                .description("Calls, connections and requests refused by authentication or authorization")
                .tag("layer", "grpc").tag("reason", reason)
                .register(meters).increment();
    }
}
