package io.eventstream.common.consumer;

import java.time.Duration;

/**
 * The relationship between a deadline that gives up on a message's work (the saga's) and the
 * consumer timings that bring a message back. A message comes back to a worker after at most
 * ackWait when the instance holding it died, and after up to maxBackoff when its handler
 * failed; a deadline of less than twice their sum would cancel orders that are only waiting
 * for a redelivery. Every worker in the system must use the same or a shorter ackWait and
 * maxBackoff than the component checking the deadline: each validates only what it knows.
 */
public final class ConsumerTimings {

    /** How many redelivery cycles (ackWait + maxBackoff) a deadline must cover. */
    public static final int CYCLES = 2;

    private ConsumerTimings() {
    }

    /** The shortest deadline these consumer settings allow. */
    public static Duration shortestDeadline(ConsumerSettings settings) {
        return settings.ackWait().plus(settings.maxBackoff()).multipliedBy(CYCLES);
    }

    /**
     * Refuses a deadline that the consumer's redeliveries could outlast.
     *
     * @param deadlineSetting the deadline's property name, for the message
     * @param prefix          the consumer's property prefix, e.g. {@code eventstream.consumer}
     */
    public static void requireDeadlineCovers(String deadlineSetting, Duration deadline, String prefix,
            ConsumerSettings settings) {
        Duration shortest = shortestDeadline(settings);
        if (deadline.compareTo(shortest) < 0) {
            throw new ConflictingSettingsException(deadlineSetting + " (" + human(deadline) + ") must be at least "
                    + CYCLES + " x (" + prefix + ".ack-wait (" + human(settings.ackWait()) + ") + " + prefix
                    + ".max-backoff (" + human(settings.maxBackoff()) + ")) = " + human(shortest)
                    + ", or orders waiting only for a redelivery are cancelled: raise the deadline or shorten those");
        }
    }

    /** 5s, 250ms, 1m30s: as the settings are written. */
    static String human(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        return s >= 60 && s % 60 == 0 ? s / 60 + "m" : s >= 60 ? s / 60 + "m" + s % 60 + "s" : s + "s";
    }
}
