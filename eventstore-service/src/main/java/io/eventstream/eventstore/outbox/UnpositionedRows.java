package io.eventstream.eventstore.outbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * The outbox rows still without a position, as {@link PositionAssigner} takes them: the oldest
 * ones, and the order in which they and the still-unpositioned lower versions of their aggregates
 * take their positions ({@link BatchOrder}).
 *
 * <p>Read from the outbox alone: each row carries its event's aggregate and version (V7, written by
 * the append), and both questions about the other unpositioned rows are answered by partial indexes
 * of exactly those rows (V5, V9), so a round costs what its batch costs, never what the log holds.
 * (The order used to be found by probing the log's indexes for each picked event and each lower
 * version: half the relay's database time, and on a 10 M-event log those indexes left memory.)
 *
 * <p>Robust to statistics that have not seen a burst (a million events committed at once): ids and
 * aggregates come in as arrays, and every row is reached by its key or a correlated sub-select on
 * one, never by a join. Joined, with the pick inside the statement, PostgreSQL hashed every
 * unpositioned outbox row (5.5 s a round of 500 with 230,000 waiting); joined from an array of
 * 2,000 on a log not yet analysed, it chose hash joins over the whole log (over 10 s a round).
 */
final class UnpositionedRows {

    /**
     * The front of the partial index {@code outbox_unpositioned} (V5). The batch size is written into
     * the text ({@code %s}), as in OutboxStore's read: with nothing left to bind, the one plan a
     * connection makes (common's GenericPlans) is the plan for that size.
     */
    private static final String PICK = """
            SELECT event_id, aggregateid, version, enqueued_at FROM outbox
             WHERE position IS NULL ORDER BY enqueued_at LIMIT %s
            """;
    /**
     * Whether any unpositioned row lacks its aggregate and version (written before V7, or by an
     * older store during a rolling upgrade), and the ids of the still-unpositioned versions below
     * the given ones (arrays: aggregate, lowest picked version); from V9's partial indexes.
     */
    static final String UNVERSIONED_AND_LOWER = """
            SELECT EXISTS (SELECT 1 FROM outbox u WHERE u.position IS NULL AND u.aggregateid IS NULL) AS unversioned,
                   ARRAY(SELECT unnest(ARRAY(SELECT l.event_id FROM outbox l
                                              WHERE l.aggregateid = h.aggregateid AND l.version < h.version
                                                AND l.position IS NULL))
                           FROM unnest(CAST(? AS TEXT[]), CAST(? AS BIGINT[])) AS h(aggregateid, version)) AS lower
            """;
    private static final String BY_ID = """
            SELECT event_id, aggregateid, version, enqueued_at FROM outbox
             WHERE event_id = ANY (CAST(? AS TEXT[])) AND position IS NULL
            """;
    /**
     * {@link BatchOrder}'s rule in SQL, from the log, for a round in which some unpositioned row
     * lacks V7's columns: the picked events (an array), every still-unpositioned lower version of
     * their aggregates (by the log's (aggregateid, version) index), ordered by the running maximum
     * of {@code enqueued_at}, then aggregate and version. An outbox row positioned already or gone
     * gives NULL and is left out.
     */
    private static final String ORDER_FROM_LOG = """
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

    private final JdbcTemplate jdbc;

    UnpositionedRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The {@code max} oldest unpositioned events. */
    List<UnpositionedEvent> oldest(int max) {
        return jdbc.query(PICK.formatted(max), UnpositionedRows::unpositioned);
    }

    /** The picked events and the still-unpositioned lower versions of their aggregates, in position order. */
    List<String> inPositionOrder(List<UnpositionedEvent> picked) {
        boolean unversioned = picked.stream().anyMatch(e -> e.aggregateId() == null);
        List<String> lower = List.of();
        if (!unversioned) {
            Map<String, Long> heads = BatchOrder.lowestAboveFirst(picked);
            Lookup lookup = jdbc.query(connection -> {
                var statement = connection.prepareStatement(UNVERSIONED_AND_LOWER);
                statement.setArray(1, connection.createArrayOf("text", heads.keySet().toArray()));
                statement.setArray(2, connection.createArrayOf("bigint", heads.values().toArray()));
                return statement;
            }, rs -> {
                rs.next();
                return new Lookup(rs.getBoolean(1), List.of((String[]) rs.getArray(2).getArray()));
            });
            unversioned = lookup.unversioned();
            lower = lookup.lower();
        }
        if (unversioned) {
            return byIds(ORDER_FROM_LOG, picked.stream().map(UnpositionedEvent::eventId).toList(),
                    (rs, row) -> rs.getString(1));
        }
        if (lower.isEmpty()) {
            return BatchOrder.of(picked);
        }
        List<UnpositionedEvent> batch = new ArrayList<>(picked);
        batch.addAll(byIds(BY_ID, lower, UnpositionedRows::unpositioned));
        return BatchOrder.of(batch);
    }

    private <T> List<T> byIds(String sql, List<String> ids, RowMapper<T> rows) {
        return jdbc.query(connection -> {
            var statement = connection.prepareStatement(sql);
            statement.setArray(1, connection.createArrayOf("text", ids.toArray()));
            return statement;
        }, rows);
    }

    private static UnpositionedEvent unpositioned(ResultSet rs, int row) throws SQLException {
        return new UnpositionedEvent(rs.getString("event_id"), rs.getString("aggregateid"), rs.getLong("version"),
                rs.getTimestamp("enqueued_at").toInstant());
    }

    /** What {@link #UNVERSIONED_AND_LOWER} found. */
    private record Lookup(boolean unversioned, List<String> lower) {
    }
}
