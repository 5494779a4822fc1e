package io.eventstream.common.nats;

import io.eventstream.common.testing.AuthNatsServer;
import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A service's NATS connection against a nats-server that requires a user and password. */
@ExtendWith(OutputCaptureExtension.class)
class NatsCredentialsTest {

    private static final String USER = "svc";
    private static final String PASSWORD = "s3cret-Pa55word-never-logged";
    private static AuthNatsServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = AuthNatsServer.start(USER, PASSWORD);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theRightUserAndPasswordConnectAndPublishToAStream(CapturedOutput output) throws Exception {
        NatsProperties props = new NatsProperties(server.url(), "CREDS", USER, PASSWORD, null, false,
                Duration.ofSeconds(2));

        try (Connection nats = NatsConnections.open(props, "credentials-test")) {
            awaitStatus(nats, Connection.Status.CONNECTED, Duration.ofSeconds(10));
            nats.jetStreamManagement().addStream(StreamConfiguration.builder()
                    .name("CREDS").subjects("CREDS.*").storageType(StorageType.File).build());
            PublishAck ack = nats.jetStream().publish("CREDS.created", "{}".getBytes(StandardCharsets.UTF_8));

            assertThat(ack.getStream()).isEqualTo("CREDS");
            assertThat(ack.getSeqno()).isEqualTo(1);
            assertThat(nats.jetStreamManagement().getStreamInfo("CREDS").getStreamState().getMsgCount()).isEqualTo(1);
        }
        assertThat(output.getAll()).doesNotContain(PASSWORD);
    }

    @Test
    void aWrongPasswordFailsWithAnAuthorizationErrorThatDoesNotContainThePassword(CapturedOutput output)
            throws Exception {
        String wrong = "wrong-Pa55word-also-secret";
        NatsProperties props = new NatsProperties(server.url(), "CREDS", USER, wrong, null, false,
                Duration.ofSeconds(2));

        // The service's connection keeps retrying in the background (NATS may come up later),
        // so the failure shows as a connection that never connects and a logged server error.
        try (Connection nats = NatsConnections.open(props, "credentials-test-wrong")) {
            awaitLastError(nats, Duration.ofSeconds(10));
            assertThat(nats.getStatus()).isNotEqualTo(Connection.Status.CONNECTED);
            assertThat(nats.getLastError()).containsIgnoringCase("authorization violation").doesNotContain(wrong);
        }
        assertThat(output.getAll()).containsIgnoringCase("authorization violation")
                .doesNotContain(wrong).doesNotContain(PASSWORD);
    }

    @Test
    void noUserAtAllIsRefusedToo() throws Exception {
        NatsProperties props = new NatsProperties(server.url(), "CREDS", null, null, null, false,
                Duration.ofSeconds(2));

        try (Connection nats = NatsConnections.open(props, "credentials-test-anonymous")) {
            awaitLastError(nats, Duration.ofSeconds(10));
            assertThat(nats.getStatus()).isNotEqualTo(Connection.Status.CONNECTED);
            assertThat(nats.getLastError()).containsIgnoringCase("authorization violation");
        }
    }

    @Test
    void toStringNeverPrintsThePassword() {
        NatsProperties props = new NatsProperties(server.url(), "CREDS", USER, PASSWORD, "/etc/nats/svc.creds",
                true, null);

        assertThat(props.toString()).doesNotContain(PASSWORD).contains("password=****").contains("user=" + USER);
        assertThat(new NatsProperties(null, null, null, null, null, false, null).toString()).contains("password=null");
    }

    static void awaitStatus(Connection nats, Connection.Status status, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (nats.getStatus() != status && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(nats.getStatus()).isEqualTo(status);
    }

    static void awaitLastError(Connection nats, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (nats.getLastError() == null && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(nats.getLastError()).as("server error").isNotNull();
    }
}
