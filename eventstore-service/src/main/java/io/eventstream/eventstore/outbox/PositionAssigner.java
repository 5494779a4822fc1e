package io.eventstream.eventstore.outbox;

import io.eventstream.eventstore.db.Retrying;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives committed events their global position, gapless and in commit order.
 *
 * <p>This is how the store avoids the gap problem of SQL event logs: if a position were
 * taken inside the appending transaction, a transaction that took 41 could commit after
 * one that took 42, and a reader that saw 42 would skip 41 for ever. Here positions are
 * handed out only to events that are already committed, by a transaction that first
 * locks the single {@code log_position} row: batches are serialised, each commits before
 * the next can take numbers, so position order is commit order. Appends never touch
 * that row, so it is no hot spot (one write per batch of up to {@code batchSize}).
 */
public class PositionAssigner {

    private static final String LOCK_COUNTER = "SELECT last_position FROM log_position WHERE id = 1 FOR UPDATE";
    private static final String UNPOSITIONED = """
            SELECT e.id FROM outbox o JOIN events e ON e.id = o.event_id
             WHERE e.position IS NULL
             ORDER BY o.enqueued_at, e.aggregateid, e.version
             LIMIT ?
            """;
    private static final String SET_POSITION = "UPDATE events SET position = ? WHERE id = ?";
    private static final String SAVE_COUNTER = "UPDATE log_position SET last_position = ? WHERE id = 1";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final RelayLease lease;

    public PositionAssigner(JdbcTemplate jdbc, TransactionTemplate tx, RelayLease lease) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.lease = lease;
    }

    /** Positions up to {@code max} events; returns how many. 0 also when the lease was lost. */
    public int assignNext(int max) {
        Integer assigned = Retrying.onSerializationFailure(() -> tx.execute(status -> {
            Long last = jdbc.queryForObject(LOCK_COUNTER, Long.class);
            if (last == null || !lease.stillHeld(jdbc)) {
                lease.forget();
                return 0;
            }
            List<String> ids = jdbc.queryForList(UNPOSITIONED, String.class, max);
            if (ids.isEmpty()) {
                return 0;
            }
            List<Object[]> updates = new ArrayList<>(ids.size());
            long next = last;
            for (String id : ids) {
                updates.add(new Object[] {++next, id});
            }
            jdbc.batchUpdate(SET_POSITION, updates);
            jdbc.update(SAVE_COUNTER, next);
            return ids.size();
        }));
        return assigned == null ? 0 : assigned;
    }
}
