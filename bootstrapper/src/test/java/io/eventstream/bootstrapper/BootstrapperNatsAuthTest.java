package io.eventstream.bootstrapper;

import io.eventstream.common.testing.AuthNatsServer;
import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** --nats-user and --nats-password (or NATS_PASSWORD) against a nats-server that requires them. */
class BootstrapperNatsAuthTest extends BootstrapRunFixture {

    private static final String NATS_USER = "admin";
    private static final String NATS_PASSWORD = "b00tstrap-Secret-never-printed";
    private static AuthNatsServer server;


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

    BootstrapperNatsAuthTest() {
        super("ba");
    }

    @Test
    void theUserAndPasswordFlagsCreateTheStreamsOnAnAuthenticatingServer() throws Exception {
        RunResult result = run(Map.of(), "--nats-url", server.url(),
                "--nats-user", NATS_USER, "--nats-password", NATS_PASSWORD);

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
        RunResult result = run(Map.of("NATS_PASSWORD", NATS_PASSWORD), "--nats-url", server.url(),
                "--nats-user", NATS_USER);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.outLines()).contains("stream " + stream + ": created");
    }

    @Test
    void aWrongPasswordFailsNamingTheReasonButNotThePassword() {
        String wrong = "Wrong-b00tstrap-Secret";

        RunResult result = run(Map.of(), "--nats-url", server.url(),
                "--nats-user", NATS_USER, "--nats-password", wrong);

        assertThat(result.exitCode()).as(result.toString()).isNotZero();
        assertThat(result.err()).containsIgnoringCase("authorization violation").contains(server.url());
        assertThat(result.out() + result.err()).doesNotContain(wrong).doesNotContain(NATS_PASSWORD);
    }
}
