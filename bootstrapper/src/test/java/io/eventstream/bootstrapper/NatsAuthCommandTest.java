package io.eventstream.bootstrapper;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.testing.AuthNatsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nats-auth} writes the seeds and auth.conf, keeps them on a second run, prints no seed;
 * a nats-server running that auth.conf lets the bootstrapper create the streams with its own
 * NKey ({@code --nats-nkey}) and refuses it without one.
 */
class NatsAuthCommandTest extends BootstrapRunFixture {

    private static final List<String> USERS = List.of("eventstore-service", "payment-worker", "review-worker",
            "querymodel-worker", "saga-coordinator", "bootstrapper");

    @TempDir
    Path dir;

    NatsAuthCommandTest() {
        super("na");
    }

    @Test
    void writesOneSeedPerServiceAndTheServerConfigurationThenKeepsThem() throws Exception {
        RunResult first = natsAuth(Map.of(), "--dir", dir.toString(), "--stream", stream);

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

        RunResult second = natsAuth(Map.of("NATS_AUTH_DIR", dir.toString(), "NATS_STREAM", stream));
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.outLines()).contains("nats-auth: kept " + dir.resolve("payment-worker.nk"),
                "nats-auth: unchanged " + dir.resolve("auth.conf"));
    }

    @Test
    void aBadStreamNameIsAUsageError() {
        RunResult result = natsAuth(Map.of(), "--dir", dir.toString(), "--stream", "a.b");
        assertThat(result.exitCode()).isEqualTo(Bootstrapper.USAGE);
        assertThat(dir.resolve("auth.conf")).doesNotExist();
    }

    @Test
    void theBootstrapperCreatesTheStreamsWithItsOwnNkeyOnAServerRunningTheAuthorization() throws Exception {
        assertThat(natsAuth(Map.of(), "--dir", dir.toString(), "--stream", stream).exitCode()).isZero();
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
        return run(env, "--nats-url", server.url());
    }

    /** The nats-auth command, in process. */
    private static RunResult natsAuth(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of("nats-auth"));
        command.addAll(List.of(args));
        return RunResult.inProcess(env, command.toArray(String[]::new));
    }
}
