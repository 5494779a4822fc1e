package io.eventstream.common.httpauth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts every refused HTTP request as {@code eventstream.security.refusals{layer=http,reason=...}}
 * (the meter the gRPC and NATS layers count their refusals in too): {@code missing-token},
 * {@code invalid-token}, {@code expired-token}, {@code not-operator}, {@code other-customer}.
 */
public final class HttpRefusals {

    public static final String METER = "eventstream.security.refusals";

    private final MeterRegistry registry;

    public HttpRefusals(MeterRegistry registry) {
        this.registry = registry;
    }

    public void count(String reason) {
        Counter.builder(METER).description("Requests refused by a security check")
                .tag("layer", "http").tag("reason", reason)
                .register(registry).increment();
    }
}
