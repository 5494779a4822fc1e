package io.eventstream.common.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.testing.FakeOriginalStore;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

/** The event store's grpc.health.v1 answer, over a real socket, as the readiness of its clients. */
class EventStoreHealthIndicatorTest {

    private final HealthStatusManager health = new HealthStatusManager();
    private Server server;
    private ManagedChannel channel;
    private EventStoreHealthIndicator indicator;

    @BeforeEach
    void start() throws Exception {
        server = NettyServerBuilder.forPort(0).addService(health.getHealthService()).build().start();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
        indicator = new EventStoreHealthIndicator(channel, "eventstore", Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void upWhileTheStoreServes() {
        health.setStatus("eventstore", ServingStatus.SERVING);

        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void downWhenTheStoreSaysItsDatabaseIsDown() {
        health.setStatus("eventstore", ServingStatus.NOT_SERVING);

        var result = indicator.health();
        assertThat(result.getStatus()).isEqualTo(Status.DOWN);
        assertThat(result.getDetails()).containsEntry("status", "NOT_SERVING");
    }

    @Test
    void downBeforeTheStoreKnowsItsHealth() {
        assertThat(indicator.health().getDetails()).containsEntry("status", "NOT_FOUND");
    }

    @Test
    void downWhenTheStoreIsGone() throws Exception {
        health.setStatus("eventstore", ServingStatus.SERVING);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);

        var result = indicator.health();
        assertThat(result.getStatus()).isEqualTo(Status.DOWN);
        assertThat(result.getDetails()).containsEntry("status", "UNAVAILABLE");
    }

    @Test
    void aStoreWithoutAHealthServiceIsAskedACheapRealCallInstead() throws Exception {
        try (FakeOriginalStore original = FakeOriginalStore.started()) {
            ManagedChannel toOriginal = ManagedChannelBuilder.forAddress("127.0.0.1", original.port()).usePlaintext()
                    .build();
            try {
                EventStoreHealthIndicator onOriginal = new EventStoreHealthIndicator(toOriginal, "eventstore",
                        Duration.ofSeconds(5));

                var result = onOriginal.health();
                assertThat(result.getStatus()).isEqualTo(Status.UP);
                assertThat(result.getDetails()).containsEntry("status", "OK")
                        .containsKey("check");
                assertThat(onOriginal.health().getStatus()).isEqualTo(Status.UP);

                original.close();
                var gone = onOriginal.health();
                assertThat(gone.getStatus()).isEqualTo(Status.DOWN);
                assertThat(gone.getDetails()).containsEntry("status", "UNAVAILABLE");
            } finally {
                toOriginal.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }
}
