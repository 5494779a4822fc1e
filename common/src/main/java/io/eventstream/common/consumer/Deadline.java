package io.eventstream.common.consumer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The end of a graceful stop: every step of it waits only for what is left of the stop timeout.
 *
 * @param nanos   when it ends, on {@link System#nanoTime()}'s clock
 * @param timeout the stop timeout it was set from, for the log
 */
record Deadline(long nanos, Duration timeout) {

    static Deadline in(Duration timeout) {
        return new Deadline(System.nanoTime() + timeout.toNanos(), timeout);
    }

    long remainingMillis() {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(nanos - System.nanoTime()));
    }
}
