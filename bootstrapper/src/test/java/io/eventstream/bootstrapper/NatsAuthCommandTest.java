package io.eventstream.bootstrapper;

import static io.eventstream.bootstrapper.TestServers.PG_ADMIN;
import static io.eventstream.bootstrapper.TestServers.adminExec;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.testing.AuthNatsServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nats-auth} writes the seeds and auth.conf, keeps them on a second run, prints no seed;
 * a nats-server running that auth.conf lets the bootstrapper create the streams with its own
 * NKey ({@code --nats-nkey}) and refuses it without one.
 */
class NatsAuthCommandTest {

    private static final List<String> USERS = List.of("eventstore-service", "payment-worker", "review-worker",
            "querymodel-worker", "saga-coordinator", "bootstrapper");

    @TempDir
    Path dir;
    private final String stream = TestServers.uniqueName("N").toUpperCase(Locale.ROOT);
    private final String user = TestServers.uniqueName("na_user");
    private final List<String> databases = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        databases.forEach(db -> adminExec("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)"));
        adminExec("DROP ROLE IF EXISTS " + user);
    }

    @Test
    void writesOneSeedPerServiceAndTheServerConfigurationThenKeepsThem() throws Exception {
        RunResult first = run(Map.of(), "nats-auth", "--dir", dir.toString(), "--stream", stream);

        assertThat(first.exitCode()).as(first.toString()).isZero();
        for (String name : USERS) {
            Path seed = dir.resolve(name + ".nk");
            assertThat(Files.getPosixFilePermissions(seed))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            assertThat(first.outLines()).contains("nats-auth: created " + seed + " (0600)");
            assertThat(first.out() + first.err()).doesNotContain(Files.readString(seed).trim());
        }
        String conf = Files.readString(dir.resolve("auth.conf"));
        assertThat(conf).contains("\"" + stream + ".>\"", "\"" + stream + "_DLQ.review-worker\"");
        assertThat(conf).doesNotContain("order-service");

        RunResult second = run(Map.of("NATS_AUTH_DIR", dir.toString(), "NATS_STREAM", stream), "nats-auth");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.outLines()).contains("nats-auth: kept " + dir.resolve("payment-worker.nk"),
                "nats-auth: unchanged " + dir.resolve("auth.conf"));
    }

    @Test
    void aBadStreamNameIsAUsageError() {
        RunResult result = run(Map.of(), "nats-auth", "--dir", dir.toString(), "--stream", "a.b");
        assertThat(result.exitCode()).isEqualTo(Bootstrapper.USAGE);
        assertThat(dir.resolve("auth.conf")).doesNotExist();
    }

    @Test
    void theBootstrapperCreatesTheStreamsWithItsOwnNkeyOnAServerRunningTheAuthorization() throws Exception {
        assertThat(run(Map.of(), "nats-auth", "--dir", dir.toString(), "--stream", stream).exitCode()).isZero();
        for (String prefix : List.of("na_es", "na_orders", "na_payments", "na_saga")) {
            databases.add(TestServers.uniqueName(prefix));
        }
        try (AuthNatsServer server = AuthNatsServer.startWithConfigIn(dir, "include \"auth.conf\"\n")) {
            RunResult anonymous = bootstrap(server, Map.of());
            assertThat(anonymous.exitCode()).isEqualTo(Bootstrapper.FAILED);
            assertThat(anonymous.err()).containsIgnoringCase("authorization violation");

            RunResult admin = bootstrap(server, Map.of("NATS_NKEY", dir.resolve("bootstrapper.nk").toString()));
            assertThat(admin.exitCode()).as(admin.toString()).isZero();
            assertThat(admin.outLines()).contains("stream " + stream + ": created", "stream " + stream + "_DLQ: created");
        }
    }

    private RunResult bootstrap(AuthNatsServer server, Map<String, String> env) {
        return run(env, "--nats-url", server.url(),
                "--db-admin-url", TestServers.jdbcUrl("postgres"),
                "--db-admin-user", PG_ADMIN,
                "--stream", stream,
                "--db-user", user,
                "--eventstore-db", databases.get(0),
                "--orders-db", databases.get(1),
                "--payments-db", databases.get(2),
                "--saga-db", databases.get(3),
                "--connect-timeout", "3");
    }

    private static RunResult run(Map<String, String> env, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = Bootstrapper.run(args, env,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new RunResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
