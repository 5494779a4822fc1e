package io.eventstream.bootstrapper;

import static io.eventstream.bootstrapper.TestServers.adminExec;
import static io.eventstream.bootstrapper.TestServers.query;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Databases our earlier migrations left: migrated by the released files (test resources
 * {@code released/db/...}, the text before the migrations were made re-runnable), and migrations
 * interrupted the way an engine without transactional DDL leaves them (CockroachDB: the
 * statements that ran stay applied). The bootstrapper brings each to the current schema.
 */
class MigrationRecoveryTest extends BootstrapRunFixture {

    private final Map<String, String> databases = databases();

    MigrationRecoveryTest() {
        super("mr");
    }

    @BeforeEach
    void databasesOwnedByTheUser() {
        adminExec("CREATE ROLE " + user + " LOGIN");
        databases.values().forEach(db -> adminExec("CREATE DATABASE " + db + " OWNER " + user));
    }

    @Test
    void databasesMigratedByTheReleasedFilesGetTheirChecksumsRepairedAndTheNewMigrations() throws Exception {
        databases.forEach((location, db) -> flyway(db, "classpath:released/" + location).migrate());
        String es = databases.get("db/eventstore");
        exec(es, "UPDATE log_position SET last_position = 7 WHERE id = 1");

        RunResult first = run();

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.outLines()).contains(
                "schema " + es + ": checksums of V1, V2 updated (released migrations, since made re-runnable)",
                "schema " + es + ": migrated to version " + Migrations.latestVersion("db/eventstore"),
                "schema " + databases.get("db/orders") + ": checksums of V1 updated (released migrations, since made re-runnable)",
                "schema " + databases.get("db/saga") + ": checksums of V1, V2 updated (released migrations, since made re-runnable)");
        // V4 inserts the counter's row only where there is none: the position handed out is kept.
        assertThat(query(es, user, "SELECT last_position FROM log_position")).containsExactly("7");
        for (var target : databases.entrySet()) {
            assertThat(flyway(target.getValue(), "classpath:" + target.getKey()).validateWithResult().validationSuccessful)
                    .as(target.getKey()).isTrue();
        }

        RunResult second = run();
        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).doesNotContain("updated").doesNotContain("removed");
    }

    @Test
    void aChecksumWeDidNotReleaseIsNotRepaired() throws Exception {
        databases.forEach((location, db) -> flyway(db, "classpath:" + location).migrate());
        String orders = databases.get("db/orders");
        exec(orders, "UPDATE flyway_schema_history SET checksum = 12345 WHERE version = '1'");

        RunResult result = run();

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).doesNotContain("updated");
        assertThat(result.errLines()).singleElement().asString()
                .startsWith("bootstrapper: cannot migrate " + orders + " (db/orders) as " + user + ": ")
                .contains("Validate failed");
        assertThat(query(orders, user, "SELECT checksum FROM flyway_schema_history WHERE version = '1'"))
                .containsExactly("12345");
    }

    @Test
    void outboxRowsStillWaitingForAPositionGetTheirAggregateAndVersionFromTheLog() throws Exception {
        String es = databases.get("db/eventstore");
        flyway(es, "classpath:db/eventstore", "6").migrate();
        for (String id : List.of("waiting", "positioned")) {
            exec(es, "INSERT INTO events (id, eventtype, aggregateid, aggregatetype, stream, version, payload)"
                    + " VALUES ('" + id + "', 'OrderCreated', 'order-" + id + "', 'Order', 'ORDERS', 3, '{}')");
            exec(es, "INSERT INTO outbox (event_id) VALUES ('" + id + "')");
        }
        exec(es, "UPDATE outbox SET position = 1 WHERE event_id = 'positioned'");

        RunResult result = run();

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(query(es, user, "SELECT event_id || ' ' || COALESCE(aggregateid, '-') || ' ' || COALESCE(CAST(version AS TEXT), '-')"
                + " FROM outbox ORDER BY event_id"))
                .as("the relay orders the waiting row from the outbox; it never orders a positioned one again")
                .containsExactly("positioned - -", "waiting order-waiting 3");
    }

    /**
     * Every prefix of every event store migration applied by hand after the migrations before it,
     * once as a process that died (no history row) and once as a statement that failed (Flyway's
     * failed row): the bootstrapper completes the schema either way.
     */
    @Test
    void anInterruptedMigrationCompletesOnTheNextRun() throws Exception {
        String es = databases.get("db/eventstore");
        int latest = Migrations.latestVersion("db/eventstore");
        int cases = 0;
        for (int version = 1; version <= latest; version++) {
            List<String> statements = statements("db/eventstore", version);
            for (int applied = 1; applied <= statements.size(); applied++) {
                for (boolean failedRow : List.of(false, true)) {
                    recreate(es);
                    Flyway current = flyway(es, "classpath:db/eventstore");
                    if (version > 1) {
                        flyway(es, "classpath:db/eventstore", String.valueOf(version - 1)).migrate();
                    } else {
                        // Flyway creates (and commits) its history table before the first migration.
                        flyway(es, "classpath:db/eventstore", "0").baseline();
                        exec(es, "DELETE FROM flyway_schema_history");
                    }
                    for (String sql : statements.subList(0, applied)) {
                        exec(es, sql);
                    }
                    if (failedRow) {
                        recordFailure(es, current, version);
                    }

                    RunResult result = run();

                    String at = "V" + version + ", " + applied + " statement(s), failed row " + failedRow;
                    assertThat(result.exitCode()).as(at + ": " + result.err()).isZero();
                    assertThat(result.out()).as(at).contains("schema " + es + ": migrated to version " + latest);
                    assertThat(current.validateWithResult().validationSuccessful).as(at).isTrue();
                    assertThat(query(es, user, "SELECT count(*) FROM log_position")).as(at).containsExactly("1");
                    assertThat(query(es, user, "SELECT count(*) FROM pg_indexes WHERE indexname = 'outbox_position'"))
                            .as(at).containsExactly("1");
                    cases++;
                }
            }
        }
        assertThat(cases).isGreaterThanOrEqualTo(2 * 8);
    }

    private void recreate(String db) {
        adminExec("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        adminExec("CREATE DATABASE " + db + " OWNER " + user);
    }

    /** The row Flyway writes for a failed migration on an engine without transactional DDL. */
    private void recordFailure(String db, Flyway flyway, int version) throws SQLException {
        MigrationInfo info = Arrays.stream(flyway.info().all())
                .filter(m -> m.getVersion() != null && m.getVersion().getVersion().equals(String.valueOf(version)))
                .findFirst().orElseThrow();
        try (var c = TestServers.connect(db, user); var ps = c.prepareStatement("""
                INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,
                                                   installed_by, execution_time, success)
                SELECT COALESCE(MAX(installed_rank), 0) + 1, ?, ?, ?, ?, ?, ?, 0, false FROM flyway_schema_history""")) {
            ps.setString(1, String.valueOf(version));
            ps.setString(2, info.getDescription());
            ps.setString(3, info.getType().name()); // SQL, or JDBC for a Java migration (no checksum)
            ps.setString(4, info.getScript());
            ps.setObject(5, info.getChecksum(), java.sql.Types.INTEGER);
            ps.setString(6, user);
            ps.executeUpdate();
        }
    }

    /**
     * A migration file's statements: comment lines dropped, split at semicolons (ours have none inside).
     * A Java migration (a class, no file) says what it runs on PostgreSQL: its {@code statements(false)}.
     */
    private static List<String> statements(String location, int version) throws Exception {
        String prefix = "V" + version + "__";
        var resolver = new org.springframework.core.io.support.PathMatchingResourcePatternResolver();
        var found = resolver.getResources("classpath:" + location + "/" + prefix + "*.sql");
        if (found.length == 0) {
            var classes = resolver.getResources("classpath:" + location + "/" + prefix + "*.class");
            assertThat(classes).hasSize(1);
            String name = location.replace('/', '.') + "." + classes[0].getFilename().replace(".class", "");
            @SuppressWarnings("unchecked")
            List<String> statements = (List<String>) Class.forName(name).getMethod("statements", boolean.class)
                    .invoke(null, false);
            return statements;
        }
        assertThat(found).hasSize(1);
        String text;
        try (InputStream in = found[0].getInputStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> statements = new ArrayList<>();
        for (String part : text.lines().filter(l -> !l.strip().startsWith("--")).reduce("", (a, b) -> a + "\n" + b)
                .split(";")) {
            if (!part.isBlank()) {
                statements.add(part.strip());
            }
        }
        return statements;
    }

    private void exec(String db, String sql) {
        try (var c = TestServers.connect(db, user); var s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private Flyway flyway(String db, String location) {
        return flyway(db, location, null);
    }

    private Flyway flyway(String db, String location, String target) {
        var config = Flyway.configure(getClass().getClassLoader())
                .dataSource(TestServers.jdbcUrl(db), user, "")
                .locations(location)
                .loggers(QuietFlywayLog.class.getName());
        if (target != null) {
            config.target(target).baselineVersion(target);
        }
        return config.load();
    }

    private RunResult run() {
        return run(Map.of());
    }
}
