package io.eventstream.common.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.nats.NatsConnections;
import io.eventstream.common.nats.NatsProperties;
import io.eventstream.common.testing.AuthNatsServer;
import io.eventstream.common.testing.TestInfra;
import io.nats.client.Connection;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A nats-server restart under a running consumer (found by the fault suite): the consumer must
 * take messages again within seconds of the server being back, not after the client library's
 * missed-heartbeat alarm (three idle heartbeats of the pull: 45 s with jnats' defaults), which
 * let the saga deadline cancel orders that were waiting for nothing but a new pull.
 */
class DurableConsumerServerRestartTest {

    private Path store;
    private int port;
    private Process server;
    private Connection nats;
    private DurableConsumer consumer;

    @AfterEach
    void cleanUp() throws Exception {
        if (consumer != null) {
            consumer.stop();
        }
        if (nats != null) {
            nats.close();
        }
        if (server != null) {
            server.destroyForcibly().waitFor();
        }
        if (store != null) {
            try (Stream<Path> files = Files.walk(store)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void takesMessagesAgainSoonAfterTheServerIsBack() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(AuthNatsServer.BINARY)), AuthNatsServer.BINARY + " is not installed");
        store = Files.createTempDirectory("nats-restart-");
        port = TestInfra.freePort();
        startServer();
        nats = NatsConnections.open(new NatsProperties("nats://127.0.0.1:" + port, "RESTART", null, null, null,
                false, Duration.ofSeconds(2)), "restart-test");
        TestInfra.createStream(nats, "RESTART");
        List<String> handled = new CopyOnWriteArrayList<>();
        consumer = new DurableConsumer(nats, "RESTART", ConsumerSettings.defaults("restart-worker", "RESTART.*"),
                event -> handled.add(event.eventId()));
        consumer.start();
        publish("before");
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains("before"));

        server.destroy(); // SIGTERM: a clean restart
        server.waitFor();
        startServer();
        await().atMost(Duration.ofSeconds(20)).until(() -> nats.getStatus() == Connection.Status.CONNECTED);
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            publish("after");
            return true;
        });

        await().atMost(Duration.ofSeconds(15)).until(() -> handled.contains("after"));
    }

    private void startServer() throws IOException, InterruptedException {
        server = new ProcessBuilder(AuthNatsServer.BINARY, "-a", "127.0.0.1", "-p", Integer.toString(port), "-js",
                "-sd", store.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(store.resolve("server.log").toFile()))
                .start();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    private void publish(String id) throws Exception {
        nats.jetStream().publish(NatsMessage.builder().subject("RESTART.created")
                .headers(new Headers().put(EventHeaders.MSG_ID, id).put(EventHeaders.AGGREGATE_ID, "a"))
                .data("{}".getBytes()).build());
    }
}
