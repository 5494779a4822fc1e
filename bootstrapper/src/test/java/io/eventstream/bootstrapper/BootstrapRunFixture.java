package io.eventstream.bootstrapper;

import static io.eventstream.bootstrapper.TestServers.PG_ADMIN;
import static io.eventstream.bootstrapper.TestServers.adminExec;

import io.nats.client.JetStreamApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/**
 * Bootstrapper runs on the real PostgreSQL and NATS with names of the test's own (a stream, a
 * role, the four databases), so a run never touches the local suite's: the flags that give them
 * to the bootstrapper, a run in process, and their removal after each test, whether a run created
 * them or not.
 */
abstract class BootstrapRunFixture {

    final String stream;
    final String user;
    final String eventstoreDb;
    final String ordersDb;
    final String paymentsDb;
    final String sagaDb;

    /** Unique names starting with {@code prefix}; the stream's in upper case, as streams are named. */
    BootstrapRunFixture(String prefix) {
        stream = TestServers.uniqueName(prefix).toUpperCase(Locale.ROOT);
        user = TestServers.uniqueName(prefix + "_user");
        eventstoreDb = TestServers.uniqueName(prefix + "_es");
        ordersDb = TestServers.uniqueName(prefix + "_orders");
        paymentsDb = TestServers.uniqueName(prefix + "_payments");
        sagaDb = TestServers.uniqueName(prefix + "_saga");
    }

    /** Runs after the test's own {@code @AfterEach}: drops the databases and the role, deletes both streams. */
    @AfterEach
    void removeNames() throws Exception {
        for (String db : List.of(eventstoreDb, ordersDb, paymentsDb, sagaDb)) {
            adminExec("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        }
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

    /** Each database by the migrations it gets (the classpath location, e.g. {@code db/orders}). */
    Map<String, String> databases() {
        return Map.of("db/eventstore", eventstoreDb, "db/orders", ordersDb, "db/payments", paymentsDb,
                "db/saga", sagaDb);
    }

    /** The flags that point the bootstrapper at the test servers and these names. */
    List<String> flags() {
        return List.of(
                "--nats-url", TestServers.NATS_URL,
                "--db-admin-url", TestServers.jdbcUrl("postgres"),
                "--db-admin-user", PG_ADMIN,
                "--stream", stream,
                "--db-user", user,
                "--eventstore-db", eventstoreDb,
                "--orders-db", ordersDb,
                "--payments-db", paymentsDb,
                "--saga-db", sagaDb,
                "--connect-timeout", "3");
    }

    /** A run in process with {@link #flags()}, then {@code extraFlags} (a later flag overrides an earlier one). */
    RunResult run(Map<String, String> env, String... extraFlags) {
        List<String> args = new ArrayList<>(flags());
        args.addAll(List.of(extraFlags));
        return RunResult.inProcess(env, args.toArray(String[]::new));
    }
}
