package io.eventstream.eventstore.append;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SQL of one group commit (see {@link EventAppender}): appends a batch of events, and their
 * outbox rows, inside the caller's transaction, and works out every event's own outcome.
 *
 * <p>Events go in with one multi-row {@code INSERT ... SELECT FROM unnest(...)} per round. A
 * round holds at most one event per aggregate (the earliest still waiting), so an aggregate's
 * events are appended one round after the other, in arrival order, each at the version after
 * the one before: exactly as if they had come one at a time. {@code ON CONFLICT DO NOTHING}
 * keeps one event's clash (its id already stored, its version taken) from aborting the
 * transaction of all the others; an event the insert skipped is then settled alone:
 * <ul>
 *   <li>its id is stored: the same content is a duplicate (the stored version), other content
 *       an {@link EventIdConflictException};</li>
 *   <li>else, with an expected version: a {@link VersionConflictException} naming the current
 *       version (it was not current, or a concurrent writer took it);</li>
 *   <li>else a concurrent writer (another instance) took the version: it goes again in the next
 *       round, at the version after, up to {@value #MAX_VERSION_RACES} times.</li>
 * </ul>
 * Runs the same on PostgreSQL and CockroachDB (arrays, {@code unnest}, {@code LATERAL},
 * {@code ON CONFLICT}).
 */
final class BatchTransaction {

    /** One round: each row at its aggregate's next version, unless its expected version is not current. */
    private static final String INSERT_ROUND = """
            INSERT INTO events (id, eventtype, aggregateid, aggregatetype, eventdata, stream, version, payload, metadata)
            SELECT b.id, b.eventtype, b.aggregateid, b.aggregatetype, CAST(b.payload AS JSONB), b.stream,
                   cur.v + 1, b.payload, CAST(b.metadata AS JSONB)
              FROM unnest(?, ?, ?, ?, ?, ?, ?, ?) AS b(id, eventtype, aggregateid, aggregatetype, payload, stream, metadata, expected)
             CROSS JOIN LATERAL (SELECT COALESCE(MAX(e.version), 0) AS v FROM events e WHERE e.aggregateid = b.aggregateid) AS cur
             WHERE b.expected < 0 OR cur.v = b.expected
            ON CONFLICT DO NOTHING
            RETURNING id, version
            """;
    private static final String INSERT_OUTBOX = "INSERT INTO outbox (event_id) SELECT * FROM unnest(?)";
    private static final String SELECT_BY_ID = """
            SELECT eventtype, aggregateid, aggregatetype, payload, stream, version FROM events WHERE id = ?
            """;
    private static final String CURRENT_VERSION = "SELECT COALESCE(MAX(version), 0) FROM events WHERE aggregateid = ?";
    static final int MAX_VERSION_RACES = 20;

    /** An event waiting in a batch; {@code seq} is its place in arrival order. */
    record Item(long seq, NewEvent event, String metadataJson, long expectedVersion) {
        // expectedVersion < 0: none (a negative expected version is refused before it gets here)
    }

    /** An event's outcome: a version (new or duplicate), or the failure to answer it with. */
    record Result(AppendOutcome outcome, RuntimeException failure) {

        static Result ok(AppendOutcome outcome) {
            return new Result(outcome, null);
        }

        static Result failed(RuntimeException failure) {
            return new Result(null, failure);
        }
    }

    private final JdbcTemplate jdbc;

    BatchTransaction(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Appends the batch in the current transaction.
     *
     * @return each item's outcome (items are unique by {@code seq})
     */
    Map<Item, Result> write(List<Item> batch) {
        Map<Item, Result> results = new HashMap<>();
        Map<Item, Integer> races = new HashMap<>();
        List<String> stored = new ArrayList<>();
        List<Item> waiting = new ArrayList<>(batch);
        while (!waiting.isEmpty()) {
            List<Item> round = new ArrayList<>();
            List<Item> later = new ArrayList<>();
            Set<String> aggregates = new HashSet<>();
            for (Item item : waiting) {
                (aggregates.add(item.event().aggregateId()) ? round : later).add(item);
            }
            Map<String, Long> inserted = insertRound(round);
            for (Item item : round) {
                Long version = inserted.get(item.event().eventId());
                if (version != null) {
                    stored.add(item.event().eventId());
                    results.put(item, Result.ok(new AppendOutcome(version, false)));
                    continue;
                }
                Result settled = settleSkipped(item);
                if (settled != null) {
                    results.put(item, settled);
                } else if (races.merge(item, 1, Integer::sum) > MAX_VERSION_RACES) {
                    results.put(item, Result.failed(new IllegalStateException("aggregate " + item.event().aggregateId()
                            + ": lost the race for the next version " + MAX_VERSION_RACES + " times")));
                } else {
                    later.add(item);
                }
            }
            later.sort(Comparator.comparingLong(Item::seq));
            waiting = later;
        }
        if (!stored.isEmpty()) {
            jdbc.execute((ConnectionCallback<Integer>) c -> {
                try (PreparedStatement s = c.prepareStatement(INSERT_OUTBOX)) {
                    s.setArray(1, c.createArrayOf("text", stored.toArray()));
                    return s.executeUpdate();
                }
            });
        }
        return results;
    }

    /** Inserts the round's events; returns the version of each one stored, by event id. */
    private Map<String, Long> insertRound(List<Item> round) {
        int n = round.size();
        String[] ids = new String[n];
        String[] types = new String[n];
        String[] aggregateIds = new String[n];
        String[] aggregateTypes = new String[n];
        String[] payloads = new String[n];
        String[] streams = new String[n];
        String[] metadata = new String[n];
        Long[] expected = new Long[n];
        for (int i = 0; i < n; i++) {
            Item item = round.get(i);
            NewEvent e = item.event();
            ids[i] = e.eventId();
            types[i] = e.eventType();
            aggregateIds[i] = e.aggregateId();
            aggregateTypes[i] = e.aggregateType();
            payloads[i] = e.hasData() ? e.data() : null;
            streams[i] = e.stream();
            metadata[i] = item.metadataJson();
            expected[i] = item.expectedVersion();
        }
        return jdbc.execute((ConnectionCallback<Map<String, Long>>) c -> {
            try (PreparedStatement s = c.prepareStatement(INSERT_ROUND)) {
                int p = 1;
                for (String[] column : List.of(ids, types, aggregateIds, aggregateTypes, payloads, streams, metadata)) {
                    s.setArray(p++, text(c, column));
                }
                s.setArray(p, c.createArrayOf("bigint", expected));
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

    private static Array text(Connection c, String[] values) throws SQLException {
        return c.createArrayOf("text", values);
    }

    /** An event the insert skipped: its outcome, or null when it lost a race for its version and goes again. */
    private Result settleSkipped(Item item) {
        NewEvent event = item.event();
        try {
            Optional<AppendOutcome> stored = existing(event);
            if (stored.isPresent()) {
                return Result.ok(stored.get());
            }
        } catch (EventIdConflictException conflict) {
            return Result.failed(conflict);
        }
        if (item.expectedVersion() >= 0) {
            return Result.failed(new VersionConflictException(event.aggregateId(), item.expectedVersion(),
                    currentVersion(event.aggregateId())));
        }
        return null;
    }

    /** The stored event with this id: a duplicate when the content is the same, a conflict otherwise. */
    private Optional<AppendOutcome> existing(NewEvent event) {
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

    private long currentVersion(String aggregateId) {
        Long version = jdbc.queryForObject(CURRENT_VERSION, Long.class, aggregateId);
        return version == null ? 0 : version;
    }
}
