package io.eventstream.eventstore.outbox;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Gives committed events their global position: gapless, in batches in commit order, and each
 * aggregate's events in version order (see {@link #ORDER}).
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
    /** The oldest unpositioned events: the front of the partial index {@code outbox_unpositioned} (V5). */
    private static final String PICK = "SELECT event_id FROM outbox WHERE position IS NULL ORDER BY enqueued_at LIMIT ?";
    /**
     * The order in which the picked events (an array) and the still-unpositioned lower versions of
     * their aggregates take their positions. Driven by the outbox, never by the log's size: the batch
     * is cut from the outbox's own index ({@link #PICK}) before any join (joined first, every round
     * joined and sorted the whole backlog, and publishing fell to ~100 events/s behind 5,000
     * appends/s).
     *
     * <p>Positions follow each aggregate's versions whatever the clocks say. {@code enqueued_at} is
     * the clock of the node that took the insert; with nodes on separate machines, version n+1 can
     * carry an earlier time than version n. So the batch takes in every still-unpositioned lower
     * version of each picked event's aggregate (found by the log's (aggregateid, version) index,
     * so the cost is the batch's aggregates' versions, not the log's size), and a version can never
     * be positioned before a lower one, even across the batch limit; and the batch is ordered by
     * the running maximum of {@code enqueued_at} over the aggregate's versions (which never
     * decreases from one version to the next), then aggregate and version.
     *
     * <p>Robust to statistics that have not seen a burst (a million events committed at once): the
     * picked ids come in as an array, and every row is reached by a correlated sub-select on a key
     * (the log's primary key, its (aggregateid, version) index, the outbox's primary key; an outbox
     * row that is positioned already or gone gives NULL), never by a join, which PostgreSQL runs per
     * row whatever its estimates. Joined, with the pick inside the statement, it hashed every
     * unpositioned outbox row (5.5 s a round of 500 with 230,000 waiting); joined from an array of
     * 2,000 on a log not yet analysed, it chose hash joins over the whole log (over 10 s a round).
     */
    private static final String ORDER = """
            WITH picked AS (
                SELECT unnest(CAST(? AS TEXT[])) AS event_id
            ), heads AS (
                SELECT (SELECT pe.aggregateid FROM events pe WHERE pe.id = p.event_id) AS aggregateid,
                       (SELECT pe.version FROM events pe WHERE pe.id = p.event_id) AS version
                  FROM picked p
            ), ids AS (
                SELECT DISTINCT unnest(ARRAY(SELECT e.id FROM events e
                                              WHERE e.aggregateid = h.aggregateid AND e.version <= h.version)) AS event_id
                  FROM heads h
            ), batch AS (
                SELECT i.event_id,
                       (SELECT e.aggregateid FROM events e WHERE e.id = i.event_id) AS aggregateid,
                       (SELECT e.version FROM events e WHERE e.id = i.event_id) AS version,
                       (SELECT o.enqueued_at FROM outbox o WHERE o.event_id = i.event_id AND o.position IS NULL) AS enqueued_at
                  FROM ids i
            ), settled AS (
                SELECT event_id, aggregateid, version,
                       max(enqueued_at) OVER (PARTITION BY aggregateid ORDER BY version
                                              ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS settled_at
                  FROM batch
                 WHERE enqueued_at IS NOT NULL
            )
            SELECT event_id FROM settled ORDER BY settled_at, aggregateid, version
            """;
    /**
     * Writes the positions into the outbox and the log and moves the counter on: one statement, the
     * numbers as arrays (each row found by its key, whatever the statistics say). Every CTE has
     * RETURNING, and each table is modified once (checked by CockroachDialectTest).
     */
    private static final String WRITE = """
            WITH numbered AS (
                SELECT n.event_id, n.position FROM unnest(CAST(? AS TEXT[]), CAST(? AS BIGINT[])) AS n(event_id, position)
            ), in_outbox AS (
                UPDATE outbox SET position = n.position FROM numbered n WHERE outbox.event_id = n.event_id
                RETURNING outbox.event_id
            ), in_log AS (
                UPDATE events SET position = n.position FROM numbered n WHERE events.id = n.event_id
                RETURNING events.id
            )
            UPDATE log_position SET last_position = ? WHERE id = 1
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
        List<String> picked = jdbc.queryForList(PICK, String.class, max);
        if (picked.isEmpty()) {
            return 0;
        }
        List<String> ordered = jdbc.query(connection -> {
            var statement = connection.prepareStatement(ORDER);
            statement.setArray(1, connection.createArrayOf("text", picked.toArray()));
            return statement;
        }, (rs, row) -> rs.getString(1));
        if (ordered.isEmpty()) {
            return 0;
        }
        Long[] numbers = new Long[ordered.size()];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = last + 1 + i;
        }
        List<Long> now = jdbc.query(connection -> {
            var statement = connection.prepareStatement(WRITE);
            statement.setArray(1, connection.createArrayOf("text", ordered.toArray()));
            statement.setArray(2, connection.createArrayOf("bigint", numbers));
            statement.setLong(3, last + numbers.length);
            return statement;
        }, (rs, row) -> rs.getLong(1));
        return now.isEmpty() ? 0 : (int) (now.get(0) - last);
    }
}
