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

    private static final String COLUMNS = "e.id, e.eventtype, e.aggregateid, e.aggregatetype, e.payload, e.stream,"
            + " e.version, p.position, e.created_at, CAST(e.metadata AS TEXT) AS meta";
    /**
     * The base of reads by id, aggregate or everything, whole (a compile-time constant), so
     * CockroachDialectTest reads it; filters are appended. Positions live in {@code event_positions}
     * (V7): each event's by its unique {@code event_id}, NULL while the relay has not positioned it.
     */
    private static final String SELECT_ALL = "SELECT " + COLUMNS
            + " FROM events e LEFT JOIN event_positions p ON p.event_id = e.id WHERE 1 = 1";
    /**
     * The base of reads from a position: driven by {@code event_positions}' primary key, in position
     * order, each event by the log's primary key (the follower's walk costs what it reads, whatever
     * the log's size).
     */
    private static final String SELECT_POSITIONED = "SELECT " + COLUMNS
            + " FROM event_positions p JOIN events e ON e.id = p.event_id WHERE p.position > ?";
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
        StringBuilder sql = new StringBuilder(positionedOnly ? SELECT_POSITIONED : SELECT_ALL);
        List<Object> args = new ArrayList<>();
        if (positionedOnly) {
            args.add(query.fromPosition());
        }
        if (!query.eventId().isEmpty()) {
            sql.append(" AND e.id = ?");
            args.add(query.eventId());
        }
        if (!query.aggregateId().isEmpty()) {
            sql.append(" AND e.aggregateid = ?");
            args.add(query.aggregateId());
        }
        if (!query.eventTypes().isEmpty()) {
            sql.append(" AND e.eventtype IN (").append("?,".repeat(query.eventTypes().size() - 1)).append("?)");
            args.addAll(query.eventTypes());
        }
        if (positionedOnly) {
            sql.append(" ORDER BY p.position");
        } else if (!query.aggregateId().isEmpty() || !query.eventId().isEmpty()) {
            sql.append(" ORDER BY e.aggregateid, e.version");
        } else {
            sql.append(" ORDER BY p.position IS NULL, p.position, e.created_at, e.aggregateid, e.version");
        }
        if (query.limit() > 0) {
            sql.append(" LIMIT ?");
            args.add(query.limit());
        }
        return jdbc.query(sql.toString(), rowMapper, args.toArray());
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
