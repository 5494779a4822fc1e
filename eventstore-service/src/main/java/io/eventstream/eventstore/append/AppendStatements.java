package io.eventstream.eventstore.append;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The SQL of the append path ({@link EventAppender} decides what runs when). Each call is one
 * statement in auto-commit: one round trip, and for {@link #insert} one commit. Every statement is
 * checked against CockroachDB's restrictions by deploy-checks' {@code CockroachDialectTest}; every
 * {@code INSERT} in a {@code WITH} has {@code RETURNING}, which CockroachDB requires of a CTE
 * (https://github.com/cockroachdb/cockroach/blob/master/pkg/sql/opt/optbuilder/with.go, getCTECols).
 */
final class AppendStatements {

    /**
     * Events at their aggregates' next versions (unless an expected version is not current), and
     * an outbox row for each event stored, in one statement, so in one transaction. {@code ON
     * CONFLICT DO NOTHING} skips an event whose id is stored or whose version is taken, instead of
     * failing the statement for all the others. The outbox row carries the event's aggregate and
     * version, so the relay orders its batches without reading the log (PositionAssigner). Returns
     * the events stored.
     */
    private static final String INSERT = """
            WITH stored AS (
                INSERT INTO events (id, eventtype, aggregateid, aggregatetype, eventdata, stream, version, payload, metadata)
                SELECT b.id, b.eventtype, b.aggregateid, b.aggregatetype, CAST(b.payload AS JSONB), b.stream,
                       cur.v + 1, b.payload, CAST(b.metadata AS JSONB)
                  FROM unnest(?, ?, ?, ?, ?, ?, ?, ?) AS b(id, eventtype, aggregateid, aggregatetype, payload, stream, metadata, expected)
                 CROSS JOIN LATERAL (SELECT COALESCE(MAX(e.version), 0) AS v FROM events e WHERE e.aggregateid = b.aggregateid) AS cur
                 WHERE b.expected < 0 OR cur.v = b.expected
                ON CONFLICT DO NOTHING
                RETURNING id, aggregateid, version
            ), queued AS (
                INSERT INTO outbox (event_id, aggregateid, version) SELECT id, aggregateid, version FROM stored
                RETURNING event_id
            )
            SELECT id, version FROM stored
            """;
    private static final String SELECT_BY_ID = """
            SELECT eventtype, aggregateid, aggregatetype, payload, stream, version FROM events WHERE id = ?
            """;
    private static final String CURRENT_VERSION = "SELECT COALESCE(MAX(version), 0) FROM events WHERE aggregateid = ?";

    /** An event to insert; {@code expectedVersion} < 0: none (a negative one is refused before it gets here). */
    record Row(NewEvent event, String metadataJson, long expectedVersion) {
    }

    private final JdbcTemplate jdbc;

    AppendStatements(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the rows (at most one per aggregate) and commits; returns the version of each one stored, by event id. */
    Map<String, Long> insert(List<Row> rows) {
        int n = rows.size();
        String[][] text = new String[7][n];
        Long[] expected = new Long[n];
        for (int i = 0; i < n; i++) {
            NewEvent e = rows.get(i).event();
            text[0][i] = e.eventId();
            text[1][i] = e.eventType();
            text[2][i] = e.aggregateId();
            text[3][i] = e.aggregateType();
            text[4][i] = e.hasData() ? e.data() : null;
            text[5][i] = e.stream();
            text[6][i] = rows.get(i).metadataJson();
            expected[i] = rows.get(i).expectedVersion();
        }
        return jdbc.execute((ConnectionCallback<Map<String, Long>>) c -> {
            try (PreparedStatement s = c.prepareStatement(INSERT)) {
                for (int column = 0; column < text.length; column++) {
                    s.setArray(column + 1, c.createArrayOf("text", text[column]));
                }
                s.setArray(text.length + 1, c.createArrayOf("bigint", expected));
                Map<String, Long> versions = new HashMap<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        versions.put(rs.getString(1), rs.getLong(2));
                    }
                }
                return versions;
            }
        });
    }

    /** The stored event with this id: a duplicate when the content is the same; {@link EventIdConflictException} otherwise. */
    Optional<AppendOutcome> existing(NewEvent event) {
        List<Map<String, Object>> rows = jdbc.queryForList(SELECT_BY_ID, event.eventId());
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> row = rows.get(0);
        NewEvent stored = new NewEvent(event.eventId(), (String) row.get("eventtype"), (String) row.get("aggregateid"),
                (String) row.get("aggregatetype"), (String) row.get("payload"), (String) row.get("stream"), Map.of());
        if (!stored.sameContentAs(event)) {
            throw new EventIdConflictException(event.eventId());
        }
        return Optional.of(new AppendOutcome(((Number) row.get("version")).longValue(), true));
    }

    long currentVersion(String aggregateId) {
        Long version = jdbc.queryForObject(CURRENT_VERSION, Long.class, aggregateId);
        return version == null ? 0 : version;
    }
}
