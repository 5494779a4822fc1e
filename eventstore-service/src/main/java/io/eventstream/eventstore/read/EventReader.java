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

    private static final String COLUMNS =
            "id, eventtype, aggregateid, aggregatetype, payload, stream, version, position, created_at, CAST(metadata AS TEXT) AS meta";
    /** The base of every read, whole (a compile-time constant), so CockroachDialectTest reads it; filters are appended. */
    private static final String SELECT_ALL = "SELECT " + COLUMNS + " FROM events WHERE 1 = 1";
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
        StringBuilder sql = new StringBuilder(SELECT_ALL);
        List<Object> args = new ArrayList<>();
        if (!query.eventId().isEmpty()) {
            sql.append(" AND id = ?");
            args.add(query.eventId());
        }
        if (!query.aggregateId().isEmpty()) {
            sql.append(" AND aggregateid = ?");
            args.add(query.aggregateId());
        }
        if (!query.eventTypes().isEmpty()) {
            sql.append(" AND eventtype IN (").append("?,".repeat(query.eventTypes().size() - 1)).append("?)");
            args.addAll(query.eventTypes());
        }
        if (positionedOnly) {
            sql.append(" AND position > ? ORDER BY position");
            args.add(query.fromPosition());
        } else if (!query.aggregateId().isEmpty() || !query.eventId().isEmpty()) {
            sql.append(" ORDER BY aggregateid, version");
        } else {
            sql.append(" ORDER BY position IS NULL, position, created_at, aggregateid, version");
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
