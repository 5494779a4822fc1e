package io.eventstream.eventstore.read;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reads the log: by id, by aggregate (in version order) or everything (in position order). */
public class EventReader {

    private static final String EVENT_COLUMNS = "e.id, e.eventtype, e.aggregateid, e.aggregatetype, e.payload, e.stream,"
            + " e.version, e.created_at, CAST(e.metadata AS TEXT) AS meta";
    /**
     * Every event with its position, wherever the relay wrote it (schema V10: the narrow table by the
     * event's {@code seq}, or the event's own row), NULL while it has none; filters are appended
     * (on the subquery's columns). A compile-time constant, so CockroachDialectTest reads it.
     */
    private static final String SELECT_ALL = "SELECT * FROM (SELECT " + EVENT_COLUMNS
            + ", COALESCE(e.position, p.position) AS position FROM events e LEFT JOIN event_positions p ON p.seq = e.seq) AS l"
            + " WHERE 1 = 1";
    /** The positioned read, half one: events positioned in their own row (by the index on events.position). */
    private static final String POSITIONED_IN_ROW = "SELECT " + EVENT_COLUMNS + ", e.position AS position FROM events e"
            + " WHERE e.position > ?";
    /** Half two: events positioned in event_positions, in its key's order, each found by its seq. */
    private static final String POSITIONED_IN_TABLE = "SELECT " + EVENT_COLUMNS + ", p.position AS position"
            + " FROM event_positions p JOIN events e ON e.seq = p.seq WHERE p.position > ?";
    /** The relay's counter: written in the transaction that positions a batch, so it never runs ahead of the log. */
    private static final String LOG_END = "SELECT last_position FROM log_position WHERE id = 1";
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final JsonMapper json = JsonMapper.builder().build();
    private final RowMapper<StoredEvent> rowMapper = this::map;

    public EventReader(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Events matching the query. From a position: only events that have one, in position
     * order, which is what a follower needs to never miss or repeat an event. By aggregate
     * or id: in version order, including events the relay has not positioned yet
     * (read-your-writes). Everything: in position order, the not yet positioned last.
     */
    public List<StoredEvent> read(EventQuery query) {
        return select(query, query.fromPosition() > 0);
    }

    /**
     * Positioned events after {@code query.fromPosition()}, in position order: the
     * follower's read. Positions are handed out in commit order (see
     * outbox.PositionAssigner), so reading past the last one seen never skips an event.
     */
    public List<StoredEvent> readPositioned(EventQuery query) {
        return select(query, true);
    }

    /**
     * The last position handed out: every event up to it is positioned and readable (0: none yet).
     * One row by primary key, whatever the log's size.
     */
    public long logEnd() {
        List<Long> rows = jdbc.queryForList(LOG_END, Long.class);
        return rows.isEmpty() || rows.get(0) == null ? 0 : rows.get(0);
    }

    private List<StoredEvent> select(EventQuery query, boolean positionedOnly) {
        if (positionedOnly) {
            return positioned(query);
        }
        StringBuilder sql = new StringBuilder(SELECT_ALL);
        List<Object> args = new ArrayList<>();
        filter(query, "", sql, args);
        if (!query.aggregateId().isEmpty() || !query.eventId().isEmpty()) {
            sql.append(" ORDER BY aggregateid, version");
        } else {
            sql.append(" ORDER BY position IS NULL, position, created_at, aggregateid, version");
        }
        limit(query, sql);
        return jdbc.query(sql.toString(), rowMapper, args.toArray());
    }

    /**
     * The two places a position can be, each read in position order from its own index and cut at
     * the limit, then merged: a page costs two short index scans whatever the log's size, and two
     * sets of positions that never overlap (the relay writes each event one way) merge gap-free.
     */
    private List<StoredEvent> positioned(EventQuery query) {
        List<Object> args = new ArrayList<>();
        return jdbc.query(positionedPage(query, args), rowMapper, args.toArray());
    }

    /** {@link #positioned}'s statement; its parameters are added to {@code args}. */
    static String positionedPage(EventQuery query, List<Object> args) {
        StringBuilder sql = new StringBuilder("(").append(POSITIONED_IN_ROW);
        args.add(query.fromPosition());
        filter(query, "e.", sql, args);
        sql.append(" ORDER BY e.position");
        limit(query, sql);
        sql.append(") UNION ALL (").append(POSITIONED_IN_TABLE);
        args.add(query.fromPosition());
        filter(query, "e.", sql, args);
        sql.append(" ORDER BY p.position");
        limit(query, sql);
        sql.append(") ORDER BY position");
        limit(query, sql);
        return sql.toString();
    }

    private static void filter(EventQuery query, String alias, StringBuilder sql, List<Object> args) {
        if (!query.eventId().isEmpty()) {
            sql.append(" AND ").append(alias).append("id = ?");
            args.add(query.eventId());
        }
        if (!query.aggregateId().isEmpty()) {
            sql.append(" AND ").append(alias).append("aggregateid = ?");
            args.add(query.aggregateId());
        }
        if (!query.eventTypes().isEmpty()) {
            sql.append(" AND ").append(alias).append("eventtype IN (")
                    .append("?,".repeat(query.eventTypes().size() - 1)).append("?)");
            args.addAll(query.eventTypes());
        }
    }

    /**
     * The limit is written into the text, not bound (an {@code int}, capped by the service): on
     * PostgreSQL each connection plans a statement once for all values (common's GenericPlans), and
     * with {@code LIMIT ?} a page of a long log was planned for a third of it, as a parallel query
     * that started worker processes for every page (EventPagePlanTest). With the limit known, a
     * page walks the position indexes and fetches each event by key.
     */
    private static void limit(EventQuery query, StringBuilder sql) {
        if (query.limit() > 0) {
            sql.append(" LIMIT ").append(query.limit());
        }
    }

    private StoredEvent map(ResultSet rs, int row) throws SQLException {
        Timestamp created = rs.getTimestamp("created_at");
        String meta = rs.getString("meta");
        return new StoredEvent(
                rs.getString("id"),
                rs.getString("eventtype"),
                rs.getString("aggregateid"),
                rs.getString("aggregatetype"),
                rs.getString("payload"),
                rs.getString("stream"),
                rs.getLong("version"),
                rs.getLong("position"),
                created == null ? null : created.toInstant(),
                meta == null ? Map.of() : json.readValue(meta, STRING_MAP));
    }
}
