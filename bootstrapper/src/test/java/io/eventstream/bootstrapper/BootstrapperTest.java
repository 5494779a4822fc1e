package io.eventstream.bootstrapper;

import static io.eventstream.bootstrapper.TestServers.PG_ADMIN;
import static io.eventstream.bootstrapper.TestServers.adminExec;
import static io.eventstream.bootstrapper.TestServers.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.JetStreamApiException;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CLI against the real PostgreSQL and NATS, with names of its own per test. */
class BootstrapperTest {

    private String stream;
    private String user;
    private String eventstoreDb;
    private String ordersDb;
    private String paymentsDb;
    private String sagaDb;

    @BeforeEach
    void names() {
        stream = TestServers.uniqueName("B").toUpperCase(Locale.ROOT);
        user = TestServers.uniqueName("bs_user");
        eventstoreDb = TestServers.uniqueName("bs_es");
        ordersDb = TestServers.uniqueName("bs_orders");
        paymentsDb = TestServers.uniqueName("bs_payments");
        sagaDb = TestServers.uniqueName("bs_saga");
    }

    @AfterEach
    void cleanUp() throws Exception {
        adminExec("DROP DATABASE IF EXISTS " + eventstoreDb + " WITH (FORCE)");
        adminExec("DROP DATABASE IF EXISTS " + ordersDb + " WITH (FORCE)");
        adminExec("DROP DATABASE IF EXISTS " + paymentsDb + " WITH (FORCE)");
        adminExec("DROP DATABASE IF EXISTS " + sagaDb + " WITH (FORCE)");
        adminExec("DROP ROLE IF EXISTS " + user);
        try (var nats = TestServers.natsConnection()) {
            for (String name : List.of(stream, stream + "_DLQ")) {
                try {
                    nats.jetStreamManagement().deleteStream(name);
                } catch (JetStreamApiException gone) {
                    // never created
                }
            }
        }
    }

    @Test
    void firstRunCreatesEverythingAndTheSecondReportsWhatExists() throws Exception {
        RunResult first = run();

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.err()).isEmpty();
        assertThat(first.outLines()).containsExactly(
                "database server " + TestServers.PG_HOST + ":" + TestServers.PG_PORT + ": PostgreSQL",
                "stream " + stream + ": created",
                "stream " + stream + "_DLQ: created",
                "user " + user + ": created",
                "database " + eventstoreDb + ": created",
                "database " + ordersDb + ": created",
                "database " + paymentsDb + ": created",
                "database " + sagaDb + ": created",
                "schema " + eventstoreDb + ": migrated to version " + Migrations.latestVersion("db/eventstore"),
                "schema " + ordersDb + ": migrated to version " + Migrations.latestVersion("db/orders"),
                "schema " + paymentsDb + ": migrated to version " + Migrations.latestVersion("db/payments"),
                "schema " + sagaDb + ": migrated to version " + Migrations.latestVersion("db/saga"));

        try (var nats = TestServers.natsConnection()) {
            StreamConfiguration config = nats.jetStreamManagement().getStreamInfo(stream).getConfiguration();
            assertThat(config.getSubjects()).containsExactly(stream + ".*");
            assertThat(config.getStorageType()).isEqualTo(StorageType.File);
            assertThat(config.getDuplicateWindow()).isGreaterThanOrEqualTo(Duration.ofMinutes(2));
            StreamConfiguration dlq = nats.jetStreamManagement().getStreamInfo(stream + "_DLQ").getConfiguration();
            assertThat(dlq.getSubjects()).containsExactly(stream + "_DLQ.>");
            assertThat(dlq.getStorageType()).isEqualTo(StorageType.File);
            // The consumers repeat a dead letter after a lost ack with the same Nats-Msg-Id.
            assertThat(dlq.getDuplicateWindow()).isGreaterThanOrEqualTo(Duration.ofMinutes(2));
        }

        assertThat(query("postgres", PG_ADMIN,
                "SELECT rolsuper::text || ',' || rolcanlogin || ',' || rolcreatedb || ',' || rolcreaterole"
                        + " FROM pg_roles WHERE rolname = ?", user))
                .containsExactly("false,true,false,false");
        assertThat(query("postgres", PG_ADMIN,
                "SELECT datname || ':' || pg_get_userbyid(datdba) FROM pg_database WHERE datname IN (?, ?) ORDER BY 1",
                eventstoreDb, ordersDb))
                .containsExactlyInAnyOrder(eventstoreDb + ":" + user, ordersDb + ":" + user);
        assertThat(tablesOwnedBy(eventstoreDb))
                .contains("events:" + user, "outbox:" + user, "log_position:" + user, "relay_lease:" + user,
                        "flyway_schema_history:" + user);
        assertThat(tablesOwnedBy(ordersDb))
                .contains("orders:" + user, "orderitems:" + user, "order_status_history:" + user);
        // The service user itself can use its tables.
        assertThat(query(ordersDb, user, "INSERT INTO orders (id, status) VALUES ('o1', 'Pending') RETURNING id"))
                .containsExactly("o1");
        assertThat(query(eventstoreDb, user, "SELECT last_position::text FROM log_position")).containsExactly("0");

        RunResult second = run();

        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.err()).isEmpty();
        assertThat(second.outLines()).containsExactly(
                "database server " + TestServers.PG_HOST + ":" + TestServers.PG_PORT + ": PostgreSQL",
                "stream " + stream + ": exists",
                "stream " + stream + "_DLQ: exists",
                "user " + user + ": exists",
                "database " + eventstoreDb + ": exists",
                "database " + ordersDb + ": exists",
                "database " + paymentsDb + ": exists",
                "database " + sagaDb + ": exists",
                "schema " + eventstoreDb + ": up to date (version " + Migrations.latestVersion("db/eventstore") + ")",
                "schema " + ordersDb + ": up to date (version " + Migrations.latestVersion("db/orders") + ")",
                "schema " + paymentsDb + ": up to date (version " + Migrations.latestVersion("db/payments") + ")",
                "schema " + sagaDb + ": up to date (version " + Migrations.latestVersion("db/saga") + ")");
        assertThat(query(ordersDb, user, "SELECT id FROM orders")).containsExactly("o1");
    }

    @Test
    void aDatabaseTheAdministratorCreatedIsGrantedToTheUserAndMigratedAsTheUser() throws Exception {
        // PostgreSQL 15+: nobody but the owner may create tables in public of this database.
        adminExec("CREATE DATABASE " + eventstoreDb);

        RunResult result = run();

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.outLines()).contains("database " + eventstoreDb + ": exists",
                "database " + ordersDb + ": created", "schema " + eventstoreDb + ": migrated to version " + Migrations.latestVersion("db/eventstore"));
        assertThat(tablesOwnedBy(eventstoreDb)).contains("events:" + user, "flyway_schema_history:" + user);
    }

    @Test
    void anExistingStreamKeepsItsConfigurationButGetsAWideEnoughDuplicateWindow() throws Exception {
        try (var nats = TestServers.natsConnection()) {
            nats.jetStreamManagement().addStream(StreamConfiguration.builder()
                    .name(stream).subjects(stream + ".*").storageType(StorageType.File)
                    .duplicateWindow(Duration.ofSeconds(30)).maxMessages(1000).build());

            RunResult result = run();

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.outLines()).contains(
                    "stream " + stream + ": exists (duplicate window raised from 30s to 120s)");
            StreamConfiguration config = nats.jetStreamManagement().getStreamInfo(stream).getConfiguration();
            assertThat(config.getDuplicateWindow()).isEqualTo(Duration.ofMinutes(2));
            assertThat(config.getMaxMsgs()).isEqualTo(1000);
        }
    }

    @Test
    void thePasswordIsStoredHashedAndNeverPrinted() throws Exception {
        String password = "s3cret-'quoted'";

        RunResult result = run(Map.of("DB_PASSWORD", password));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out() + result.err()).doesNotContain(password);
        assertThat(query("postgres", PG_ADMIN, "SELECT rolpassword FROM pg_authid WHERE rolname = ?", user))
                .singleElement().asString().startsWith("SCRAM-SHA-256$").doesNotContain(password);
    }

    @Test
    void unreachableNatsIsOneLineExitOneAndNothingIsCreated() throws Exception {
        RunResult result = run(Map.of(), "--nats-url", "nats://127.0.0.1:1");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines()).containsExactly(
                "bootstrapper: cannot reach NATS at nats://127.0.0.1:1: Connection refused");
        assertThat(query("postgres", PG_ADMIN, "SELECT rolname FROM pg_roles WHERE rolname = ?", user)).isEmpty();
        assertThat(query("postgres", PG_ADMIN, "SELECT datname FROM pg_database WHERE datname = ?", eventstoreDb))
                .isEmpty();
    }

    @Test
    void unreachableDatabaseIsOneLineExitOneAndNothingIsCreated() throws Exception {
        RunResult result = run(Map.of(), "--db-admin-url", "jdbc:postgresql://127.0.0.1:1/postgres");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines()).containsExactly(
                "bootstrapper: cannot reach PostgreSQL at 127.0.0.1:1: Connection refused");
        try (var nats = TestServers.natsConnection()) {
            assertThat(nats.jetStreamManagement().getStreamNames()).doesNotContain(stream, stream + "_DLQ");
        }
    }

    @Test
    void aFailingMigrationIsOneLineAndExitOne() throws Exception {
        // A table the migrations did not make, in a database without Flyway history: Flyway refuses.
        // (paymentsdb: the original had none, so nothing is adopted there; see OriginalAdoptionTest.)
        adminExec("CREATE DATABASE " + paymentsDb);
        try (var c = TestServers.connect(paymentsDb, PG_ADMIN); var s = c.createStatement()) {
            s.execute("CREATE TABLE wallets (id TEXT PRIMARY KEY)");
        }

        RunResult result = run();

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.outLines()).contains("schema " + eventstoreDb + ": migrated to version " + Migrations.latestVersion("db/eventstore"));
        assertThat(result.errLines()).singleElement().asString()
                .startsWith("bootstrapper: cannot migrate " + paymentsDb + " (db/payments) as " + user + ": ")
                .doesNotContain("Exception");
    }

    @Test
    void aBadFlagIsUsageErrorTwo() {
        RunResult result = run(Map.of(), "--no-such-flag");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines()).containsExactly("bootstrapper: unknown option --no-such-flag (see --help)");
    }

    @Test
    void aNameThatIsNotAPlainIdentifierIsUsageErrorTwoAndTouchesNothing() throws Exception {
        RunResult result = run(Map.of(), "--orders-db", "orders; DROP DATABASE postgres");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errLines()).singleElement().asString().startsWith("bootstrapper: invalid database name");
        assertThat(query("postgres", PG_ADMIN, "SELECT rolname FROM pg_roles WHERE rolname = ?", user)).isEmpty();
    }

    @Test
    void helpShowsDefaultsButNoPassword() {
        RunResult result = run(Map.of("DB_PASSWORD", "hunter2", "DB_ADMIN_PASSWORD", "hunter3"), "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("--nats-url", "NATS_URL", "nats://127.0.0.1:4222", "--db-admin-url",
                        "--orders-db", "ordersdb", "--eventstore-db", "eventstoredb", "shijuvar")
                .doesNotContain("hunter2", "hunter3");
    }

    private List<String> tablesOwnedBy(String database) throws SQLException {
        return query(database, PG_ADMIN,
                "SELECT tablename || ':' || tableowner FROM pg_tables WHERE schemaname = 'public'");
    }

    @Test
    void dropDeletesTheStreamsAndDatabasesOnlyWhenConfirmed() throws Exception {
        assertThat(run().exitCode()).isZero();

        RunResult unconfirmed = run("--drop");
        assertThat(unconfirmed.exitCode()).isEqualTo(2);
        assertThat(unconfirmed.errLines()).singleElement().asString().contains("--yes");

        RunResult dropped = run("--drop", "--yes");
        assertThat(dropped.exitCode()).as(dropped.toString()).isZero();
        assertThat(dropped.outLines()).contains("stream " + stream + ": deleted", "stream " + stream + "_DLQ: deleted",
                "database " + eventstoreDb + ": dropped", "database " + sagaDb + ": dropped");
        try (var nats = TestServers.natsConnection()) {
            assertThat(nats.jetStreamManagement().getStreamNames()).doesNotContain(stream, stream + "_DLQ");
        }
        try (var c = java.sql.DriverManager.getConnection(TestServers.jdbcUrl("postgres"), PG_ADMIN, "");
             var ps = c.prepareStatement("SELECT count(*) FROM pg_database WHERE datname IN (?, ?, ?, ?)")) {
            ps.setString(1, eventstoreDb);
            ps.setString(2, ordersDb);
            ps.setString(3, paymentsDb);
            ps.setString(4, sagaDb);
            try (var rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
        // And a normal run brings everything back.
        assertThat(run().exitCode()).isZero();
    }

    private RunResult run(String... extraArgs) {
        return run(Map.of(), extraArgs);
    }

    /** In-process run with this test's names; later flags override earlier ones. */
    private RunResult run(Map<String, String> env, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of(
                "--nats-url", TestServers.NATS_URL,
                "--db-admin-url", TestServers.jdbcUrl("postgres"),
                "--db-admin-user", PG_ADMIN,
                "--stream", stream,
                "--db-user", user,
                "--eventstore-db", eventstoreDb,
                "--orders-db", ordersDb,
                "--payments-db", paymentsDb,
                "--saga-db", sagaDb,
                "--connect-timeout", "3"));
        args.addAll(List.of(extraArgs));
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = Bootstrapper.run(args.toArray(String[]::new), env,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new RunResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
