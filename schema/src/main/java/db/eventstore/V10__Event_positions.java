package db.eventstore;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Positions out of the wide {@code events} row: the relay writes each event's global position as a
 * narrow row of {@code event_positions (position, seq)} instead of rewriting the event (an update of
 * a wide row whose position is indexed cannot be HOT: a new row version and an entry in each of the
 * log's indexes, about 30 µs and 1.7 kB of WAL an event on PostgreSQL, against 5 µs and 0.2 kB for
 * the narrow insert; BENCHMARKS.md, issue 19). {@code seq} is the join key: given at insert, in
 * insert order, so a page of the log read by position finds its events close together.
 *
 * <p>Java, not SQL, because the two engines want different things, and only on PostgreSQL is a
 * sequence the right key. CockroachDB's documentation says a sequence is slower than
 * {@code unique_rowid()} and likely to cause hot spots, and discourages indexing sequential keys
 * (CREATE SEQUENCE; hash-sharded indexes). So only PostgreSQL gets the sequence, the column's
 * default and its index; on CockroachDB {@code seq} stays NULL and the relay writes positions into
 * the event row as before (outbox.PositionAssigner writes each event one way or the other by its
 * {@code seq}, and the store's reads take the position from either place). Every statement can
 * run again (schema/README.md): an interrupted run is started again from the first.
 */
public class V10__Event_positions extends BaseJavaMigration {

    /** Both engines: the column (NULL in the rows already stored: no rewrite) and the narrow table. */
    static final List<String> BOTH = List.of(
            "ALTER TABLE events ADD COLUMN IF NOT EXISTS seq BIGINT",
            "CREATE TABLE IF NOT EXISTS event_positions (position BIGINT PRIMARY KEY, seq BIGINT NOT NULL UNIQUE)");
    /**
     * PostgreSQL: the sequence and the default, set after the column is added (a volatile default
     * given with ADD COLUMN would rewrite every stored row), and an index of the rows that have one.
     */
    static final List<String> POSTGRESQL = List.of(
            "CREATE SEQUENCE IF NOT EXISTS events_seq",
            "ALTER TABLE events ALTER COLUMN seq SET DEFAULT nextval('events_seq')",
            "ALTER SEQUENCE events_seq OWNED BY events.seq",
            "CREATE UNIQUE INDEX IF NOT EXISTS events_seq_key ON events (seq) WHERE seq IS NOT NULL");

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements(cockroachDb(statement))) {
                statement.execute(sql);
            }
        }
    }

    /** What runs, in order, on one engine or the other (public: the bootstrapper's MigrationRecoveryTest replays prefixes). */
    public static List<String> statements(boolean cockroachDb) {
        return cockroachDb ? BOTH : java.util.stream.Stream.concat(BOTH.stream(), POSTGRESQL.stream()).toList();
    }

    /** As the bootstrapper's Engine and Flyway's CockroachDBDatabaseType tell: CockroachDB names itself in version(). */
    static boolean cockroachDb(Statement statement) throws SQLException {
        try (var rs = statement.executeQuery("SELECT version()")) {
            return rs.next() && rs.getString(1).contains("CockroachDB");
        }
    }
}
