package io.eventstream.eventstore.outbox;

import java.time.Duration;

/**
 * How far the publishing loop has caught up with the positioning loop, counted in generations
 * of the {@code positioned} signal: {@code n} means that every event positioned before the signal
 * reached generation {@code n} has been sent to JetStream. The positioning loop waits on it after
 * a round that was not full, so that at moderate load the next round takes in the appends of the
 * whole publish, as the relay's one thread did (rounds that raced ahead of the publisher would be
 * smaller, and cost more per event); a full round (a backlog) does not wait.
 */
final class SentThrough {

    private long generation = -1;

    synchronized void advance(long positionedGeneration) {
        if (positionedGeneration > generation) {
            generation = positionedGeneration;
            notifyAll();
        }
    }

    /** Waits until the publisher has sent what was positioned before {@code positionedGeneration}, or {@code max} passes. */
    synchronized void awaitAtLeast(long positionedGeneration, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (generation < positionedGeneration) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            wait(Math.max(1, left / 1_000_000), (int) (left % 1_000_000));
        }
    }
}
