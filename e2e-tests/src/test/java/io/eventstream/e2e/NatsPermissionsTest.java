package io.eventstream.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.nats.NatsAuthFiles;
import io.eventstream.common.nats.NatsConnections;
import io.eventstream.common.nats.NatsProperties;
import io.eventstream.common.testing.TestInfra;
import io.nats.client.Connection;
import io.nats.client.JetStreamOptions;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole system on a NATS that runs the bootstrapper's authorization (issue 17), every
 * packaged service with its shipped settings and its own key, as docker-compose and a NATS that
 * {@code ./suite up} starts run them: an order is Approved, an order the wallet does not cover is
 * Rejected (the saga's path), no service is refused anything; and a worker's key cannot publish
 * an event.
 *
 * <p>Six JVMs on a private server: about three minutes on the 2-core machine, so not in the
 * default {@code mvn -B verify} (the quick proofs of the same permissions are common's
 * {@code NatsPermissionsServerTest} and eventstore-service's {@code NatsPermissionsPublisherTest}).
 * Run it with {@code -De2e.nats-permissions=on}.
 */
@EnabledIfSystemProperty(named = "e2e.nats-permissions", matches = "on")
class NatsPermissionsTest {

    @TempDir
    Path dir;

    @Test
    void everyServiceWorksWithItsOwnUserAndAWorkersKeyCannotPublishAnEvent() throws Exception {
        String stream = TestInfra.uniqueStreamName();
        OrderEventTypes types = new OrderEventTypes(stream);
        Path keys = dir.resolve("secrets/nats");
        new NatsAuthFiles(keys).ensure(types);
        try (PrivateNats nats = PrivateNats.start(dir, "include \"secrets/nats/auth.conf\"\n");
             Suite suite = Suite.bootstrap(new Infra(nats.url(), TestInfra.PG_HOST, Integer.parseInt(TestInfra.PG_PORT),
                     TestInfra.PG_ADMIN), stream, keys)) {
            int grpc = TestInfra.freePort();
            ServiceProcess store = suite.eventStore("natsauth-eventstore-service", grpc).launch();
            store.awaitReady();
            int orderPort = TestInfra.freePort();
            int paymentPort = TestInfra.freePort();
            List<ServiceProcess> services = new ArrayList<>(List.of(store));
            for (String module : List.of("querymodel-worker", "payment-worker", "review-worker", "saga-coordinator",
                    "order-service")) {
                int port = switch (module) {
                    case "order-service" -> orderPort;
                    case "payment-worker" -> paymentPort;
                    default -> TestInfra.freePort();
                };
                services.add(suite.service(module, "natsauth-" + module, port, grpc).launch());
            }
            for (ServiceProcess p : services) {
                p.awaitReady();
            }
            OrderApi api = new OrderApi(suite, orderPort, paymentPort);

            String approved = api.place("natsauth-c1", "r1", "21.00");
            String rejected = api.place("natsauth-c2", "r1", "5000");
            api.awaitStatus(approved, "Approved", Duration.ofSeconds(60));
            api.awaitStatus(rejected, "Rejected", Duration.ofSeconds(60));

            long stored;
            try (Connection admin = connect(nats, keys, "bootstrapper", stream)) {
                stored = admin.jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount();
            }
            try (Connection review = connect(nats, keys, "review-worker", stream)) {
                NatsMessage forged = NatsMessage.builder().subject(types.approved())
                        .headers(new Headers().put(EventHeaders.MSG_ID, "forged").put(EventHeaders.AGGREGATE_ID, rejected))
                        .data("{}".getBytes(StandardCharsets.UTF_8)).build();
                assertThatThrownBy(() -> review.jetStream(JetStreamOptions.builder()
                        .requestTimeout(Duration.ofMillis(500)).build()).publish(forged))
                        .isInstanceOf(IOException.class);
            }
            try (Connection admin = connect(nats, keys, "bootstrapper", stream)) {
                assertThat(admin.jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount())
                        .isEqualTo(stored);
            }
            assertThat(api.status(rejected)).isEqualTo("Rejected");
            // The services' own work was never refused: not in their logs, not in the server's.
            for (ServiceProcess p : services) {
                assertThat(Files.readString(Path.of("target", "e2e-logs", p.name() + ".log")))
                        .as(p.name()).doesNotContain("NATS refused");
            }
            // The server logs each refusal: the forged publish is the only one.
            assertThat(Files.readAllLines(dir.resolve("nats-server.log")).stream()
                    .filter(line -> line.contains("Violation")).toList())
                    .allMatch(line -> line.contains(types.approved()));
        }
    }

    private static Connection connect(PrivateNats nats, Path keys, String user, String stream) throws Exception {
        return NatsConnections.open(new NatsProperties(nats.url(), stream, null, null, null, false,
                Duration.ofSeconds(2), keys.resolve(user + ".nk").toString(), null), user);
    }
}
