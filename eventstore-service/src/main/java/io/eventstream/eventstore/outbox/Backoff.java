package io.eventstream.eventstore.outbox;

import java.time.Duration;

/** The relay loops' back-off after a failure: 50 ms, doubled each time, at most 5 s. */
final class Backoff {

    private static final Duration MAX = Duration.ofSeconds(5);

    private Backoff() {
    }

    static Duration next(Duration current) {
        Duration next = current.isZero() ? Duration.ofMillis(50) : current.multipliedBy(2);
        return next.compareTo(MAX) > 0 ? MAX : next;
    }

    static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
