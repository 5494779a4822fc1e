package io.eventstream.common.nats;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.testing.AuthNatsServer;
import io.nats.client.Connection;
import io.nats.client.NKey;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.support.JwtUtils;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A service's NATS connection with {@code eventstream.nats.creds-file} against a nats-server in
 * operator mode (JWT + nkey, as nsc sets it up): an operator, one account with JetStream, and a
 * user whose .creds file the service is given. The keys and JWTs are made here with jnats.
 */
@ExtendWith(OutputCaptureExtension.class)
class NatsCredsFileTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static AuthNatsServer server;
    private static NKey account;
    private static Path creds;

    @BeforeAll
    static void startServer() throws Exception {
        NKey operator = NKey.createOperator(RANDOM);
        account = NKey.createAccount(RANDOM);
        String operatorPub = new String(operator.getPublicKey());
        String accountPub = new String(account.getPublicKey());
        long now = JwtUtils.currentTimeSeconds();
        String operatorJwt = JwtUtils.issueJWT(operator, operatorPub, "test-operator", null, now, operatorPub,
                () -> "{\"type\":\"operator\",\"version\":2}");
        // JetStream is enabled per account by its storage limits (-1: unlimited).
        String accountJwt = JwtUtils.issueJWT(operator, accountPub, "services", null, now, operatorPub,
                () -> "{\"limits\":{\"subs\":-1,\"data\":-1,\"payload\":-1,\"imports\":-1,\"exports\":-1,"
                        + "\"wildcards\":true,\"conn\":-1,\"leaf\":-1,\"mem_storage\":-1,\"disk_storage\":-1,"
                        + "\"streams\":-1,\"consumer\":-1},\"type\":\"account\",\"version\":2}");
        // JetStream in operator mode needs a system account for its internal subscriptions.
        NKey system = NKey.createAccount(RANDOM);
        String systemPub = new String(system.getPublicKey());
        String systemJwt = JwtUtils.issueJWT(operator, systemPub, "SYS", null, now, operatorPub,
                () -> "{\"type\":\"account\",\"version\":2}");
        server = AuthNatsServer.startWithConfig("operator: " + operatorJwt + "\nsystem_account: " + systemPub
                + "\nresolver: MEMORY\nresolver_preload: {\n  " + accountPub + ": " + accountJwt + "\n  " + systemPub
                + ": " + systemJwt + "\n}\n");
        creds = writeCreds("svc.creds", account);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aCredsFileOfTheAccountConnectsAndPublishesToAStream(CapturedOutput output) throws Exception {
        NatsProperties props = new NatsProperties(server.url(), "CREDS", null, null, creds.toString(), false,
                Duration.ofSeconds(2));

        try (Connection nats = NatsConnections.open(props, "creds-file-test")) {
            NatsCredentialsTest.awaitStatus(nats, Connection.Status.CONNECTED, Duration.ofSeconds(10));
            nats.jetStreamManagement().addStream(StreamConfiguration.builder()
                    .name("CREDS").subjects("CREDS.*").storageType(StorageType.File).build());
            PublishAck ack = nats.jetStream().publish("CREDS.created", "{}".getBytes(StandardCharsets.UTF_8));

            assertThat(ack.getStream()).isEqualTo("CREDS");
            assertThat(ack.getSeqno()).isEqualTo(1);
        }
        assertThat(output.getAll()).doesNotContain(seedIn(creds));
    }

    @Test
    void aCredsFileSignedByAnUnknownAccountIsRefused(CapturedOutput output) throws Exception {
        Path stranger = writeCreds("stranger.creds", NKey.createAccount(RANDOM));
        NatsProperties props = new NatsProperties(server.url(), "CREDS", null, null, stranger.toString(), false,
                Duration.ofSeconds(2));

        try (Connection nats = NatsConnections.open(props, "creds-file-test-stranger")) {
            NatsCredentialsTest.awaitLastError(nats, Duration.ofSeconds(10));
            assertThat(nats.getStatus()).isNotEqualTo(Connection.Status.CONNECTED);
            assertThat(nats.getLastError()).containsIgnoringCase("authorization violation");
        }
        assertThat(output.getAll()).containsIgnoringCase("authorization violation").doesNotContain(seedIn(stranger));
    }

    @Test
    void withoutACredsFileTheServerRefuses() throws Exception {
        NatsProperties props = new NatsProperties(server.url(), "CREDS", null, null, null, false,
                Duration.ofSeconds(2));

        try (Connection nats = NatsConnections.open(props, "creds-file-test-anonymous")) {
            NatsCredentialsTest.awaitLastError(nats, Duration.ofSeconds(10));
            assertThat(nats.getStatus()).isNotEqualTo(Connection.Status.CONNECTED);
            assertThat(nats.getLastError()).containsIgnoringCase("authorization violation");
        }
    }

    /** A new user of {@code issuer}, as `nsc generate creds` writes it. */
    private static Path writeCreds(String name, NKey issuer) throws Exception {
        NKey user = NKey.createUser(RANDOM);
        String userJwt = JwtUtils.issueJWT(issuer, new String(user.getPublicKey()), "svc", null,
                JwtUtils.currentTimeSeconds(), new String(issuer.getPublicKey()),
                () -> "{\"pub\":{},\"sub\":{},\"subs\":-1,\"data\":-1,\"payload\":-1,\"type\":\"user\",\"version\":2}");
        Path file = server.directory().resolve(name);
        Files.writeString(file, "-----BEGIN NATS USER JWT-----\n" + userJwt + "\n------END NATS USER JWT------\n\n"
                + "-----BEGIN USER NKEY SEED-----\n" + new String(user.getSeed()) + "\n------END USER NKEY SEED------\n");
        return file;
    }

    private static String seedIn(Path credsFile) throws Exception {
        String text = Files.readString(credsFile);
        int start = text.indexOf("SU");
        return text.substring(start, text.indexOf('\n', start));
    }
}
