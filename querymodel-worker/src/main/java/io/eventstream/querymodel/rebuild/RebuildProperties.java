package io.eventstream.querymodel.rebuild;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of {@code --rebuild} and {@code --verify}.
 *
 * @param page            events applied per transaction (and read ahead from the log: 4 pages)
 * @param verifyRetries   how often a check compares again, after following the log further, before
 *                        it reports what still differs (a running system moves on while it compares)
 * @param verifyPause     the wait between two comparisons
 * @param showDifferences at most this many differing rows printed per table and direction
 * @param haltAt          test hook, as a kill -9 would stop a rebuild: {@code none}, {@code catch-up}
 *                        (after {@code haltAfterEvents} events) or {@code switch} (right after the switch)
 * @param haltAfterEvents see {@code haltAt}
 */
@ConfigurationProperties("eventstream.rebuild")
public record RebuildProperties(int page, int verifyRetries, Duration verifyPause, int showDifferences,
                                String haltAt, long haltAfterEvents) {

    public RebuildProperties {
        page = page <= 0 ? 2000 : page;
        verifyRetries = verifyRetries <= 0 ? 5 : verifyRetries;
        verifyPause = verifyPause == null ? Duration.ofSeconds(1) : verifyPause;
        showDifferences = showDifferences <= 0 ? 20 : showDifferences;
        haltAt = haltAt == null || haltAt.isBlank() ? "none" : haltAt;
    }
}
