package io.eventstream.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.nats.NatsAuthFiles;
import io.eventstream.common.nats.NatsConnections;
import io.eventstream.common.nats.NatsPermissions;
import io.eventstream.common.nats.NatsProperties;
import io.eventstream.common.testing.AuthNatsServer;
import io.eventstream.common.testing.TestInfra;
import io.eventstream.eventstore.outbox.JetStreamPublisher;
import io.eventstream.eventstore.outbox.PendingEvent;
import io.eventstream.eventstore.read.StoredEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox relay's publisher on a nats-server running the bootstrapper's NATS authorization:
 * with the event store's own user its events reach the stream; with a worker's user (a stolen
 * worker key, a misconfigured service) the same publish is refused, nothing reaches the stream
 * and nothing counts as published, so the events stay in the outbox.
 */
class NatsPermissionsPublisherTest {

    private static final OrderEventTypes TYPES = new OrderEventTypes("ORDERS");

    @TempDir
    Path secrets;

    @Test
    void onlyTheEventStoresUserPublishesEvents() throws Exception {
        NatsAuthFiles files = new NatsAuthFiles(secrets);
        files.ensure(TYPES);
        try (AuthNatsServer server = AuthNatsServer.startWithConfigIn(secrets, "include \"auth.conf\"\n");
             Connection admin = connect(server, files, NatsPermissions.ADMIN, new SimpleMeterRegistry());
             Connection eventStore = connect(server, files, NatsPermissions.EVENTSTORE, new SimpleMeterRegistry())) {
            TestInfra.createStreams(admin, TYPES.stream());

            int published = new JetStreamPublisher(eventStore.jetStream(), Duration.ofSeconds(5))
                    .publish(List.of(pending(TYPES.created()), pending(TYPES.paymentDebited())));
            assertThat(published).isEqualTo(2);

            MeterRegistry meters = new SimpleMeterRegistry();
            try (Connection review = connect(server, files, NatsPermissions.REVIEW, meters)) {
                int forged = new JetStreamPublisher(review.jetStream(), Duration.ofMillis(500))
                        .publish(List.of(pending(TYPES.approved())));
                assertThat(forged).isZero();
                await().atMost(Duration.ofSeconds(5)).until(() -> {
                    var refusals = meters.find("eventstream.security.refusals").tag("layer", "nats").counter();
                    return refusals != null && refusals.count() >= 1;
                });
            }
            var state = admin.jetStreamManagement().getStreamInfo(TYPES.stream()).getStreamState();
            assertThat(state.getMsgCount()).isEqualTo(2);
            assertThat(state.getSubjectCount()).isEqualTo(2);
        }
    }

    private static Connection connect(AuthNatsServer server, NatsAuthFiles files, String user, MeterRegistry meters)
            throws Exception {
        NatsProperties props = new NatsProperties(server.url(), TYPES.stream(), null, null, null, false,
                Duration.ofSeconds(2), files.seedFile(user).toString(), null);
        Connection c = NatsConnections.open(props, user, meters);
        await().atMost(Duration.ofSeconds(5)).until(() -> c.getStatus() == Connection.Status.CONNECTED);
        return c;
    }

    private static PendingEvent pending(String type) {
        String id = UUID.randomUUID().toString();
        return new PendingEvent(new StoredEvent(id, type, "order-1", "order", "{}", "order-1", 1, 1,
                Instant.now(), Map.of()), Instant.now());
    }
}
