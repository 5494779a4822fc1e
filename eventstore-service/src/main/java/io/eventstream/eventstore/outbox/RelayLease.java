package io.eventstream.eventstore.outbox;

import java.time.Duration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Only one event store instance relays at a time, so each aggregate's events reach
 * JetStream in version order. The holder renews its lease; when it dies the lease
 * lapses and a standby takes over. A plain row with an expiry works on PostgreSQL and
 * CockroachDB alike (no advisory locks).
 *
 * <p>Thread-safe: the relay's positioning and publishing loops both ask it (OutboxRelay).
 */
public class RelayLease {

    static final String NAME = "outbox";
    private static final String TAKE_OR_RENEW = """
            INSERT INTO relay_lease (name, owner, expires_at)
            VALUES (?, ?, now() + CAST(? AS BIGINT) * INTERVAL '1 millisecond')
            ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
             WHERE relay_lease.owner = excluded.owner OR relay_lease.expires_at < now()
            """;
    private static final String RELEASE = "DELETE FROM relay_lease WHERE name = ? AND owner = ?";
    static final String STILL_HELD = "SELECT count(*) FROM relay_lease WHERE name = ? AND owner = ? AND expires_at > now()";

    private final JdbcTemplate jdbc;
    private final String owner;
    private final Duration ttl;
    private long renewedAtNanos;
    private boolean held;

    public RelayLease(JdbcTemplate jdbc, String owner, Duration ttl) {
        this.jdbc = jdbc;
        this.owner = owner;
        this.ttl = ttl;
    }

    /** True while this instance holds the lease; renews it once a third of its life has passed. */
    public synchronized boolean hold() {
        if (held && System.nanoTime() - renewedAtNanos < ttl.toNanos() / 3) {
            return true;
        }
        long started = System.nanoTime();
        held = jdbc.update(TAKE_OR_RENEW, NAME, owner, ttl.toMillis()) == 1;
        if (held) {
            renewedAtNanos = started;
        }
        return held;
    }

    /**
     * Checked inside the position transaction: a relay that lost its lease must not hand out positions.
     * Renewed less than half a lease ago, it is held for at least half a lease more (the renewal set
     * its expiry from a database clock read after {@code renewedAtNanos}, and nobody can take an
     * unexpired lease): no need to ask the database, one round trip less per relay round.
     */
    public synchronized boolean stillHeld(JdbcTemplate inTransaction) {
        if (held && System.nanoTime() - renewedAtNanos < ttl.toNanos() / 2) {
            return true;
        }
        Integer count = inTransaction.queryForObject(STILL_HELD, Integer.class, NAME, owner);
        return count != null && count == 1;
    }

    public synchronized void release() {
        if (held) {
            jdbc.update(RELEASE, NAME, owner);
            held = false;
        }
    }

    public synchronized void forget() {
        held = false;
    }

    public String owner() {
        return owner;
    }
}
