package io.eventstream.eventstore.outbox;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Gives committed events their global position: gapless, in batches in commit order, and each
 * aggregate's events in version order, whatever the nodes' clocks say ({@link BatchOrder},
 * {@link UnpositionedRows}).
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

    private static final String LOCK_COUNTER = "SELECT last_position FROM log_position WHERE id = ? FOR UPDATE";
    /**
     * Writes the positions into the outbox and the log and moves the counter on: one statement, the
     * numbers as arrays, each event's seq by a correlated sub-select on its key. That is how
     * UnpositionedRows reaches rows, because a join leaves PostgreSQL free to scan the whole log when
     * its statistics are older than the log. Here it is kept for that robustness: at 100 orders/s it
     * measured the same as the join (BENCHMARKS.md, session 13). An event with a {@code seq}
     * (PostgreSQL, schema V10) gets a narrow row in {@code event_positions}; one without (CockroachDB,
     * or stored before V10) gets its position in its own row, as before. Every CTE has RETURNING, and
     * each table is modified once (checked by CockroachDialectTest); the update of the log touches
     * only rows whose {@code seq} the other CTEs read as NULL, so no snapshot question. An event
     * positioned already (an outbox row put back without its position) takes the new number in
     * either place, as it always did in its row.
     */
    private static final String WRITE = """
            WITH numbered AS (
                SELECT n.event_id, n.position, (SELECT e.seq FROM events e WHERE e.id = n.event_id) AS seq
                  FROM unnest(CAST(? AS TEXT[]), CAST(? AS BIGINT[])) AS n(event_id, position)
            ), in_outbox AS (
                UPDATE outbox SET position = n.position FROM numbered n WHERE outbox.event_id = n.event_id
                RETURNING outbox.event_id
            ), in_row AS (
                UPDATE events SET position = n.position FROM numbered n WHERE events.id = n.event_id AND n.seq IS NULL
                RETURNING events.id
            ), in_table AS (
                INSERT INTO event_positions (position, seq) SELECT n.position, n.seq FROM numbered n WHERE n.seq IS NOT NULL
                ON CONFLICT (seq) DO UPDATE SET position = excluded.position
                RETURNING position
            )
            UPDATE log_position SET last_position = ? WHERE id = 1
            RETURNING last_position
            """;

    private final JdbcTemplate jdbc;
    private final RelayLease lease;
    private final UnpositionedRows unpositioned;

    public PositionAssigner(JdbcTemplate jdbc, RelayLease lease) {
        this.jdbc = jdbc;
        this.lease = lease;
        this.unpositioned = new UnpositionedRows(jdbc);
    }

    /**
     * Positions the {@code max} oldest unpositioned events and the unpositioned lower versions of
     * their aggregates (so possibly more than {@code max}); returns how many. 0 also when the lease was lost.
     * Runs in the caller's transaction, which must commit before the positions are used: the
     * counter's lock is held until then.
     */
    public int assignNext(int max) {
        Long last = jdbc.queryForObject(LOCK_COUNTER, Long.class, 1); // bound: a prepared statement, planned once
        if (last == null || !lease.stillHeld(jdbc)) {
            lease.forget();
            return 0;
        }
        List<UnpositionedEvent> picked = unpositioned.oldest(max);
        if (picked.isEmpty()) {
            return 0;
        }
        List<String> ordered = unpositioned.inPositionOrder(picked);
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
