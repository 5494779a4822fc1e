package io.eventstream.saga.rebuild;

import java.time.Duration;

/**
 * How far a rebuild is.
 *
 * @param done     events read so far (from the log's start, a resumed run's earlier ones included)
 * @param total    events to read (the log's end when the rebuild started)
 * @param perSecond events per second in this run
 * @param elapsed  time since this run started
 * @param read     events read by this run
 */
public record RebuildProgress(long done, long total, double perSecond, Duration elapsed, long read) {

    /** The time left at this rate; zero when done, null while the rate is unknown. */
    public Duration left() {
        if (done >= total) {
            return Duration.ZERO;
        }
        return perSecond <= 0 ? null : Duration.ofMillis((long) ((total - done) / perSecond * 1000));
    }

    /** One line for a terminal: {@code 12,000/64,000 events (18%) 8,120 events/s, 6 s left}. */
    public String line() {
        long percent = total == 0 ? 100 : Math.min(100, done * 100 / total);
        Duration left = left();
        return String.format("%,d/%,d events (%d%%) %,.0f events/s, %s left", done, total, percent, perSecond,
                left == null ? "?" : left.toSeconds() + " s");
    }

    /** Told after every page; the rebuild's own thread. */
    public interface Listener {
        void progress(RebuildProgress progress);
    }
}
