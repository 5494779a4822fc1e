package io.eventstream.bootstrapper;

import io.eventstream.common.testing.AuthNatsServer;
import static io.eventstream.bootstrapper.TestServers.PG_ADMIN;
import static io.eventstream.bootstrapper.TestServers.adminExec;
import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** --nats-user and --nats-password (or NATS_PASSWORD) against a nats-server that requires them. */
class BootstrapperNatsAuthTest {

    private static final String NATS_USER = "admin";
    private static final String NATS_PASSWORD = "b00tstrap-Secret-never-printed";
    private static AuthNatsServer server;

    private String stream;
    private String user;
    private final List<String> databases = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        server = AuthNatsServer.start(NATS_USER, NATS_PASSWORD);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void names() {
        stream = TestServers.uniqueName("A").toUpperCase(Locale.ROOT);
        user = TestServers.uniqueName("ba_user");
        for (String prefix : List.of("ba_es", "ba_orders", "ba_payments", "ba_saga")) {
            databases.add(TestServers.uniqueName(prefix));
        }
    }

    @AfterEach
    void cleanUp() {
        databases.forEach(db -> adminExec("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)"));
        adminExec("DROP ROLE IF EXISTS " + user);
    }

    @Test
    void theUserAndPasswordFlagsCreateTheStreamsOnAnAuthenticatingServer() throws Exception {
        RunResult result = run(Map.of(), "--nats-user", NATS_USER, "--nats-password", NATS_PASSWORD);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.outLines()).contains("stream " + stream + ": created", "stream " + stream + "_DLQ: created");
        assertThat(result.out() + result.err()).doesNotContain(NATS_PASSWORD);
        Options options = new Options.Builder().server(server.url()).userInfo(NATS_USER, NATS_PASSWORD).build();
        try (Connection nats = Nats.connect(options)) {
            var info = nats.jetStreamManagement().getStreamInfo(stream);
            assertThat(info.getConfiguration().getStorageType()).isEqualTo(StorageType.File);
        }
    }

    @Test
    void thePasswordMayComeFromTheEnvironment() {
        RunResult result = run(Map.of("NATS_PASSWORD", NATS_PASSWORD), "--nats-user", NATS_USER);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.outLines()).contains("stream " + stream + ": created");
    }

    @Test
    void aWrongPasswordFailsNamingTheReasonButNotThePassword() {
        String wrong = "Wrong-b00tstrap-Secret";

        RunResult result = run(Map.of(), "--nats-user", NATS_USER, "--nats-password", wrong);

        assertThat(result.exitCode()).as(result.toString()).isNotZero();
        assertThat(result.err()).containsIgnoringCase("authorization violation").contains(server.url());
        assertThat(result.out() + result.err()).doesNotContain(wrong).doesNotContain(NATS_PASSWORD);
    }

    private RunResult run(Map<String, String> env, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of(
                "--nats-url", server.url(),
                "--db-admin-url", TestServers.jdbcUrl("postgres"),
                "--db-admin-user", PG_ADMIN,
                "--stream", stream,
                "--db-user", user,
                "--eventstore-db", databases.get(0),
                "--orders-db", databases.get(1),
                "--payments-db", databases.get(2),
                "--saga-db", databases.get(3),
                "--connect-timeout", "3"));
        args.addAll(List.of(extraArgs));
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = Bootstrapper.run(args.toArray(String[]::new), env,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new RunResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
