package io.eventstream.payment.config;

import java.math.BigDecimal;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param openingCredit what a wallet holds when it opens, at the customer's first order (default 1000.00)
 * @param appendThreads most payment events appended at once per instance, across the batches being
 *                      handled (default 64): the event store commits concurrent appends together.
 *                      A batch waits for its appends, so this bounds the worker's rate to about
 *                      appendThreads / the store's append latency: at 32 the worker held 6,000
 *                      orders back at 64 clients (BENCHMARKS.md, session 21)
 */
@ConfigurationProperties("eventstream.payment")
public record PaymentProperties(BigDecimal openingCredit, Integer appendThreads) {

    public PaymentProperties {
        openingCredit = openingCredit == null ? new BigDecimal("1000.00") : openingCredit;
        if (openingCredit.signum() < 0) {
            throw new IllegalArgumentException("eventstream.payment.opening-credit must not be negative");
        }
        appendThreads = appendThreads == null ? 64 : appendThreads;
        if (appendThreads < 1) {
            throw new IllegalArgumentException("eventstream.payment.append-threads must be at least 1");
        }
    }
}
