package io.eventstream.common.consumer;

import java.time.Duration;

/**
 * How long a failed message waits on the server before it is delivered again:
 * {@code first × 2^(deliveries-1)}, at most {@code max}.
 */
record Backoff(Duration first, Duration max) {

    static Backoff of(ConsumerSettings settings) {
        return new Backoff(settings.backoff(), settings.maxBackoff());
    }

    Duration after(long deliveryCount) {
        long factor = 1L << Math.min(20, Math.max(0, deliveryCount - 1));
        Duration delay = first.multipliedBy(factor);
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
