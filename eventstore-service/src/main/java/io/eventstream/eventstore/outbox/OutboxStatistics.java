package io.eventstream.eventstore.outbox;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Keeps the outbox's planner statistics in step with a backlog. The outbox is empty most of the
 * time, so that is what an analyse usually sees; when a burst then gets ahead of the relay,
 * PostgreSQL plans the relay's pick ({@code ... WHERE position IS NULL ORDER BY enqueued_at LIMIT n})
 * as a bitmap scan that sorts every waiting row instead of reading n rows of the partial index in
 * order: 6.3 ms a round with 30,000 waiting against 0.1 ms (BENCHMARKS.md, session 8), and the
 * longer the backlog the slower each round, so the relay fell behind for good with the machine idle.
 * Autovacuum analyses after a burst within about a minute; where it is off (this machine's CI
 * configuration) it never does. So when a round finds a full batch waiting, the relay analyses the
 * outbox itself, at most once per {@code interval}. {@code ANALYZE outbox} is the same statement on
 * CockroachDB ("ANALYZE/ANALYSE ... an alias for CREATE STATISTICS" since v20.2, docs: CREATE
 * STATISTICS), which also keeps statistics by itself. A user that
 * does not own the table gets a warning from PostgreSQL and nothing happens: never an error.
 */
public final class OutboxStatistics {

    private static final Logger log = LoggerFactory.getLogger(OutboxStatistics.class);
    static final String ANALYZE = "ANALYZE outbox";

    private final JdbcTemplate jdbc;
    private final long intervalNanos;
    private final LongSupplier clock;
    private long last;
    private boolean analysed;

    /** At most one analyse every 30 s: a burst lasts longer than that, and an analyse samples 30,000 rows. */
    public static OutboxStatistics of(JdbcTemplate jdbc) {
        return new OutboxStatistics(jdbc, Duration.ofSeconds(30), System::nanoTime);
    }

    OutboxStatistics(JdbcTemplate jdbc, Duration interval, LongSupplier clock) {
        this.jdbc = jdbc;
        this.intervalNanos = interval.toNanos();
        this.clock = clock;
    }

    /** Call when a round found a full batch waiting: analyses unless it did within the interval. Returns whether it did. */
    boolean backlogSeen() {
        long now = clock.getAsLong();
        if (analysed && now - last < intervalNanos) {
            return false;
        }
        analysed = true;
        last = now;
        try {
            jdbc.execute(ANALYZE);
            return true;
        } catch (RuntimeException e) {
            log.debug("ANALYZE outbox failed ({}); the relay goes on", e.toString());
            return false;
        }
    }
}
