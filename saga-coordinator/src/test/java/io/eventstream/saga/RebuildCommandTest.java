package io.eventstream.saga;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.testing.FakeEventStore;
import io.eventstream.common.testing.TestPki;
import io.eventstream.common.testing.TestInfra;
import io.eventstream.saga.config.RebuildConfiguration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code saga-coordinator --rebuild} as the packaged command starts it (profile rebuild, the
 * shipped application.yml and application-rebuild.yml): no NATS, no consumer; sagadb rebuilt from
 * the store's log, its progress as eventstream.rebuild.* metrics on the actuator; exit code 0.
 */
class RebuildCommandTest {

    private static final OrderEventTypes TYPES = new OrderEventTypes("TREBUILDCMD");

    private final FakeEventStore store = FakeEventStore.started();
    private final String database = TestInfra.createDatabase("sagarebuildcmd");

    @AfterEach
    void tearDown() {
        store.stop();
        TestInfra.dropDatabase(database);
    }

    @Test
    void theCommandRebuildsSagadbAndExitsZero() throws Exception {
        String approved = UUID.randomUUID().toString();
        String pending = UUID.randomUUID().toString();
        put(approved, "created", "{\"order_id\":\"" + approved + "\",\"customer_id\":\"c1\",\"amount\":21}");
        put(approved, "paymentdebited", "{\"OrderID\":\"" + approved + "\",\"CustomerID\":\"c1\",\"Amount\":21}");
        put(approved, "approved", "");
        put(pending, "created", "{\"order_id\":\"" + pending + "\",\"customer_id\":\"c1\",\"amount\":21}");

        int port = TestInfra.freePort();
        ConfigurableApplicationContext context = RebuildConfiguration.application(SagaCoordinatorApplication.class).run(
                "--rebuild",
                "--spring.datasource.url=" + TestInfra.jdbcUrl(database),
                "--spring.datasource.username=" + TestInfra.PG_ADMIN,
                "--spring.grpc.client.channel.eventstore.target=" + store.target(),
                "--eventstream.tls.dir=" + TestPki.dir(),
                "--eventstream.nats.stream=" + TYPES.stream(),
                // NATS is not used: an address where nothing listens proves it.
                "--eventstream.nats.url=nats://127.0.0.1:" + TestInfra.freePort(),
                "--server.port=" + port,
                "--management.tracing.sampling.probability=0");
        // The read model rebuild's metrics (common's ReplayProgress), tagged saga, on the command's actuator.
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(), BodyHandlers.ofString()).body();
        assertThat(metrics).contains("eventstream_rebuild_events_total{projection=\"saga\"} 4.0")
                .contains("eventstream_rebuild_position{projection=\"saga\"} 4.0")
                .contains("eventstream_rebuild_lag{projection=\"saga\"} 0.0");
        assertThat(context.getBeanNamesForType(io.eventstream.common.consumer.DurableConsumer.class)).isEmpty();
        assertThat(SpringApplication.exit(context)).isZero();

        List<String> states = new ArrayList<>();
        try (var c = DriverManager.getConnection(TestInfra.jdbcUrl(database), TestInfra.PG_ADMIN, "");
             var rs = c.createStatement().executeQuery("SELECT order_id, state, last_version FROM saga_orders")) {
            while (rs.next()) {
                states.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getLong(3));
            }
        }
        assertThat(states).containsExactlyInAnyOrder(approved + " Approved 3", pending + " Started 1");
    }

    private void put(String orderId, String suffix, String body) {
        store.putOrderEvent(TYPES.stream(), TYPES.stream() + "." + suffix, orderId, body);
    }
}
