package io.eventstream.eventstore.outbox;

import java.time.Duration;

/**
 * A wake-up call between threads of one process: appenders wake the relay, the relay
 * wakes live followers. Waiters also time out, because the news may come from another
 * instance that cannot signal this one.
 */
public final class Signal {

    private long generation;

    public synchronized void fire() {
        generation++;
        notifyAll();
    }

    public synchronized long generation() {
        return generation;
    }

    /** Waits until the signal fires after {@code seenGeneration}, or {@code max} passes. */
    public synchronized void awaitAfter(long seenGeneration, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (generation == seenGeneration) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            wait(Math.max(1, left / 1_000_000), (int) (left % 1_000_000));
        }
    }
}
