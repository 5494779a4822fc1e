package io.eventstream.eventstore.append;

import io.eventstream.eventstore.db.Retrying;
import io.eventstream.eventstore.db.SqlErrors;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends an event and its outbox row in one transaction, so an event is never stored
 * without the durable promise to publish it (the original published after commit, in
 * the background, and could lose events).
 *
 * <p>Versions: the event goes at the aggregate's next version; {@code (aggregateid,
 * version)} is unique, so two concurrent writers of one aggregate cannot both take a
 * version: the loser either retries at the next one or, with an expected version,
 * gets a {@link VersionConflictException}. There is no global counter here, so appends
 * to different aggregates never contend (no hot row on CockroachDB).
 */
public class EventAppender {

    private static final String INSERT_EVENT = """
            INSERT INTO events (id, eventtype, aggregateid, aggregatetype, eventdata, stream, version, payload, metadata)
            SELECT ?, ?, ?, ?, CAST(? AS JSONB), ?, current.v + 1, ?, CAST(? AS JSONB)
              FROM (SELECT COALESCE(MAX(version), 0) AS v FROM events WHERE aggregateid = ?) AS current
             WHERE ? OR current.v = ?
            RETURNING version
            """;
    private static final String INSERT_OUTBOX = "INSERT INTO outbox (event_id) VALUES (?)";
    private static final String SELECT_BY_ID = """
            SELECT eventtype, aggregateid, aggregatetype, payload, stream, version FROM events WHERE id = ?
            """;
    private static final String CURRENT_VERSION = "SELECT COALESCE(MAX(version), 0) FROM events WHERE aggregateid = ?";
    private static final int MAX_VERSION_RACES = 20;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final EventValidator validator;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Runnable afterCommit;

    /**
     * @param afterCommit called after each new event commits (wakes the outbox relay up)
     */
    public EventAppender(JdbcTemplate jdbc, TransactionTemplate tx, EventValidator validator, Runnable afterCommit) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.validator = validator;
        this.afterCommit = afterCommit;
    }

    public AppendOutcome append(NewEvent event, OptionalLong expectedVersion) {
        validator.validate(event);
        if (expectedVersion.isPresent() && expectedVersion.getAsLong() < 0) {
            throw new InvalidEventException("expected_version must not be negative");
        }
        String metadata = json.writeValueAsString(event.metadata());
        for (int race = 0; ; race++) {
            try {
                long version = Retrying.onSerializationFailure(() -> tx.execute(status -> insert(event, metadata, expectedVersion)));
                afterCommit.run();
                return new AppendOutcome(version, false);
            } catch (VersionConflictException conflict) {
                // The id may already be stored: a retried append of an event that did commit.
                return existing(event).orElseThrow(() -> conflict);
            } catch (DataAccessException e) {
                if (!SqlErrors.isUniqueViolation(e)) {
                    throw e;
                }
                var stored = existing(event);
                if (stored.isPresent()) {
                    return stored.get();
                }
                // Another writer took the version we computed.
                if (expectedVersion.isPresent()) {
                    throw new VersionConflictException(event.aggregateId(), expectedVersion.getAsLong(),
                            currentVersion(event.aggregateId()));
                }
                if (race >= MAX_VERSION_RACES) {
                    throw e;
                }
            }
        }
    }

    private long insert(NewEvent event, String metadata, OptionalLong expectedVersion) {
        List<Long> versions = jdbc.queryForList(INSERT_EVENT, Long.class,
                event.eventId(), event.eventType(), event.aggregateId(), event.aggregateType(),
                event.hasData() ? event.data() : null, event.stream(),
                event.hasData() ? event.data() : null, metadata,
                event.aggregateId(), expectedVersion.isEmpty(), expectedVersion.orElse(0));
        if (versions.isEmpty()) {
            // Only with an expected version that is not the current one.
            throw new VersionConflictException(event.aggregateId(), expectedVersion.orElse(0),
                    currentVersion(event.aggregateId()));
        }
        jdbc.update(INSERT_OUTBOX, event.eventId());
        return versions.get(0);
    }

    /** The stored event with this id: a duplicate when the content is the same, a conflict otherwise. */
    private java.util.Optional<AppendOutcome> existing(NewEvent event) {
        List<Map<String, Object>> rows = jdbc.queryForList(SELECT_BY_ID, event.eventId());
        if (rows.isEmpty()) {
            return java.util.Optional.empty();
        }
        Map<String, Object> row = rows.get(0);
        NewEvent stored = new NewEvent(event.eventId(), (String) row.get("eventtype"), (String) row.get("aggregateid"),
                (String) row.get("aggregatetype"), (String) row.get("payload"), (String) row.get("stream"), Map.of());
        if (!stored.sameContentAs(event)) {
            throw new EventIdConflictException(event.eventId());
        }
        return java.util.Optional.of(new AppendOutcome(((Number) row.get("version")).longValue(), true));
    }

    private long currentVersion(String aggregateId) {
        Long version = jdbc.queryForObject(CURRENT_VERSION, Long.class, aggregateId);
        return version == null ? 0 : version;
    }
}
