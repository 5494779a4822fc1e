package io.eventstream.e2e;

import io.eventstream.common.testing.TestPki;
import io.grpc.Grpc;
import static io.eventstream.e2e.BadInputHttpChecks.HTTP;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.testing.TestInfra;
import io.grpc.ManagedChannel;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Hostile and malformed input against the order API (HTTP) and the event store (gRPC),
 * through the packaged services as processes. Every case must answer a clear 4xx problem
 * (application/problem+json with a detail) or INVALID_ARGUMENT, store nothing (the event
 * count in the event store's table is unchanged), or, for input that is only odd data, be
 * accepted and stored verbatim. Both services must be ready afterwards. Prints a table.
 * The cases are in {@link BadInputHttpCases} and {@link BadInputGrpcCases}, the rows in
 * {@link BadInputTable}.
 */
class BadInputTest {

    /** The hostile inputs the docs state (docs/bad-input-and-security.md, README.md), besides the health check. */
    static final int CASES = 105;

    @Test
    void everyBadInputIsRefusedCleanlyStoresNothingAndLeavesTheServicesHealthy() throws Exception {
        BadInputTable table = new BadInputTable();
        try (Suite s = Suite.bootstrap()) {
            int grpcPort = TestInfra.freePort();
            ServiceProcess eventStore = s.eventStore("badinput-eventstore", grpcPort).start();
            int apiPort = TestInfra.freePort();
            ServiceProcess api = s.service("order-service", "badinput-order-service", apiPort, grpcPort).start();
            ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", grpcPort,
                            TestPki.credentials(TestPki.dir(), "order-service"))
                    .maxInboundMessageSize(16 * 1024 * 1024).build();
            try {
                new BadInputHttpCases(s, apiPort, table).run();
                new BadInputGrpcCases(s, channel, table).run();
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            table.add("health", "readiness of both services after the suite", "200",
                    readiness(eventStore.httpPort()) + "/" + readiness(apiPort),
                    readiness(eventStore.httpPort()) == 200 && readiness(apiPort) == 200);
            table.print();
            // docs/bad-input-and-security.md and README.md state this number: a case lost or added changes them.
            assertThat(table.rows().stream().filter(r -> !r.kind().equals("health")).count()).as("input cases")
                    .isEqualTo(CASES);
            assertThat(table.rows().stream().filter(r -> !r.ok()).toList()).as("failed cases").isEmpty();
        }
    }

    private static int readiness(int port) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
