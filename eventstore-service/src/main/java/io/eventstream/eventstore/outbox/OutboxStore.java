package io.eventstream.eventstore.outbox;

import io.eventstream.eventstore.read.StoredEvent;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The outbox rows the relay works through. */
public class OutboxStore {

    /**
     * The batch's size is written into the text ({@code %s}), not bound: each connection plans this
     * statement once for all values (common's GenericPlans), and with {@code LIMIT ?} PostgreSQL
     * planned it for a third of the outbox, as a parallel query that started worker processes at
     * every round (10.8 ms a round in a 300,000-event drain, against 2.5 ms planned with the values;
     * PendingReadPlanTest). With the size known, the plan walks that many rows of the position index
     * and fetches their events by key, whatever the backlog.
     */
    static final String PENDING = """
            SELECT e.id, e.eventtype, e.aggregateid, e.aggregatetype, e.payload, e.stream, e.version, o.position,
                   e.created_at, CAST(e.metadata AS TEXT) AS meta, o.enqueued_at
              FROM outbox o JOIN events e ON e.id = o.event_id
             WHERE o.position > ?
             ORDER BY o.position
             LIMIT %s
            """;
    private static final String DELETE = "DELETE FROM outbox WHERE event_id = ANY (?)";
    private static final String BACKLOG = "SELECT count(*) FROM outbox";
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    public OutboxStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Positioned events not yet acked by JetStream, in position order. */
    public List<PendingEvent> pending(int limit) {
        return pendingAfter(0, limit);
    }

    /** Positioned events after {@code position} still in the outbox, in position order. */
    public List<PendingEvent> pendingAfter(long position, int limit) {
        return jdbc.query(PENDING.formatted(limit), (rs, row) -> {
            String meta = rs.getString("meta");
            Timestamp created = rs.getTimestamp("created_at");
            StoredEvent event = new StoredEvent(rs.getString("id"), rs.getString("eventtype"),
                    rs.getString("aggregateid"), rs.getString("aggregatetype"), rs.getString("payload"),
                    rs.getString("stream"), rs.getLong("version"), rs.getLong("position"),
                    created == null ? null : created.toInstant(),
                    meta == null ? Map.of() : json.readValue(meta, STRING_MAP));
            return new PendingEvent(event, rs.getTimestamp("enqueued_at").toInstant());
        }, position);
    }

    public void published(List<PendingEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        String[] ids = events.stream().map(p -> p.event().eventId()).toArray(String[]::new);
        jdbc.update(connection -> {
            var statement = connection.prepareStatement(DELETE);
            statement.setArray(1, connection.createArrayOf("text", ids));
            return statement;
        });
    }

    public long backlog() {
        Long count = jdbc.queryForObject(BACKLOG, Long.class);
        return count == null ? 0 : count;
    }
}
