package io.eventstream.eventstore.outbox;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Gives committed events their global position: gapless, in batches in commit order, and each
 * aggregate's events in version order (see {@link #NUMBER}).
 *
 * <p>This is how the store avoids the gap problem of SQL event logs: if a position were
 * taken inside the appending transaction, a transaction that took 41 could commit after
 * one that took 42, and a reader that saw 42 would skip 41 for ever. Here positions are
 * handed out only to events that are already committed, by a transaction that first
 * locks the single {@code log_position} row: batches are serialised, each commits before
 * the next can take numbers, so batches are positioned in commit order. Appends never touch
 * that row, so it is no hot spot (one write per batch of up to {@code batchSize}).
 */
public class PositionAssigner {

    private static final String LOCK_COUNTER = "SELECT last_position FROM log_position WHERE id = 1 FOR UPDATE";
    /**
     * Numbers the oldest unpositioned outbox rows after {@code last}, writes the numbers into the
     * outbox and the log, and moves the counter on: one statement, one round trip. Driven by the
     * outbox, never by the log's size: the batch is cut from the outbox's own index
     * ({@code outbox_enqueued}) before any join (joined first, every round joined and sorted the
     * whole backlog, and publishing fell to ~100 events/s behind 5,000 appends/s).
     *
     * <p>Positions follow each aggregate's versions whatever the clocks say. {@code enqueued_at} is
     * the clock of the node that took the insert; with nodes on separate machines, version n+1 can
     * carry an earlier time than version n. So the batch takes in every still-unpositioned lower
     * version of each picked event's aggregate (found by the log's (aggregateid, version) index,
     * so the cost is the batch's aggregates' versions, not the log's size), and a version can never
     * be positioned before a lower one, even across the batch limit; and the batch is ordered by
     * the running maximum of {@code enqueued_at} over the aggregate's versions (which never
     * decreases from one version to the next), then aggregate and version. Every CTE has
     * RETURNING or is a SELECT, and each table is modified once (checked by CockroachDialectTest).
     */
    private static final String NUMBER = """
            WITH picked AS (
                SELECT event_id FROM outbox WHERE position IS NULL ORDER BY enqueued_at LIMIT ?
            ), batch AS (
                SELECT DISTINCT o.event_id, o.enqueued_at, e.aggregateid, e.version
                  FROM picked p
                  JOIN events pe ON pe.id = p.event_id
                  JOIN events e ON e.aggregateid = pe.aggregateid AND e.version <= pe.version
                  JOIN outbox o ON o.event_id = e.id
                 WHERE o.position IS NULL
            ), settled AS (
                SELECT event_id, aggregateid, version,
                       max(enqueued_at) OVER (PARTITION BY aggregateid ORDER BY version
                                              ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS settled_at
                  FROM batch
            ), numbered AS (
                SELECT event_id, ? + row_number() OVER (ORDER BY settled_at, aggregateid, version) AS position
                  FROM settled
            ), in_outbox AS (
                UPDATE outbox SET position = n.position FROM numbered n WHERE outbox.event_id = n.event_id
                RETURNING outbox.event_id
            ), in_log AS (
                UPDATE events SET position = n.position FROM numbered n WHERE events.id = n.event_id
                RETURNING events.id
            )
            UPDATE log_position SET last_position = last_position + (SELECT count(*) FROM numbered)
             WHERE id = 1 AND EXISTS (SELECT 1 FROM numbered)
            RETURNING last_position
            """;

    private final JdbcTemplate jdbc;
    private final RelayLease lease;

    public PositionAssigner(JdbcTemplate jdbc, RelayLease lease) {
        this.jdbc = jdbc;
        this.lease = lease;
    }

    /**
     * Positions the {@code max} oldest unpositioned events and the unpositioned lower versions of
     * their aggregates (so possibly more than {@code max}); returns how many. 0 also when the lease was lost.
     * Runs in the caller's transaction, which must commit before the positions are used: the
     * counter's lock is held until then.
     */
    public int assignNext(int max) {
        Long last = jdbc.queryForObject(LOCK_COUNTER, Long.class);
        if (last == null || !lease.stillHeld(jdbc)) {
            lease.forget();
            return 0;
        }
        List<Long> now = jdbc.queryForList(NUMBER, Long.class, max, last);
        return now.isEmpty() ? 0 : (int) (now.get(0) - last);
    }
}
