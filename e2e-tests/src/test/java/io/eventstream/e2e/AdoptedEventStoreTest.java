package io.eventstream.e2e;

import io.eventstream.common.testing.TestPki;
import io.grpc.Grpc;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.testing.TestInfra;
import io.eventstream.proto.eventstore.CreateEventRequest;
import io.eventstream.proto.eventstore.CreateEventResponse;
import io.eventstream.proto.eventstore.Event;
import io.eventstream.proto.eventstore.EventStoreGrpc;
import io.eventstream.proto.eventstore.GetEventsRequest;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The original's event store database, adopted by the real bootstrapper CLI, then served by the
 * packaged eventstore-service: its events read back by GetEvents (the approved event's NULL as
 * empty data), in version order per order and position order overall, and a new event appended
 * after them.
 */
class AdoptedEventStoreTest {

    private static final String CREATED = "{\"order_id\":\"o1\",\"customer_id\":\"c1\",\"amount\":21}";
    private static final String DEBITED = "{\"OrderID\":\"o1\",\"CustomerID\":\"c1\",\"Amount\":21}";

    @Test
    void theOriginalsEventsAreServedAfterTheAdoption() throws Exception {
        Infra infra = Infra.shared();
        String stream = TestInfra.uniqueStreamName();
        String es = TestInfra.uniqueName("ad_es");
        List<String> others = List.of(TestInfra.uniqueName("ad_orders"), TestInfra.uniqueName("ad_payments"),
                TestInfra.uniqueName("ad_saga"));
        try (var admin = infra.admin("postgres"); var s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + es);
        }
        try (var c = infra.admin(es); var s = c.createStatement()) {
            s.execute("CREATE TABLE events (id TEXT PRIMARY KEY, eventtype TEXT, aggregateid TEXT, aggregatetype TEXT,"
                    + " eventdata JSONB, stream TEXT)");
            // One transaction each, as the original's store inserted them; o2's approval stored before its creation.
            s.execute("INSERT INTO events VALUES ('e1', 'ORDERS.created', 'o1', 'order', '" + CREATED + "', 'ORDERS')");
            s.execute("INSERT INTO events VALUES ('e2', 'ORDERS.approved', 'o2', 'order', NULL, 'ORDERS')");
            s.execute("INSERT INTO events VALUES ('e3', 'ORDERS.paymentdebited', 'o1', 'order', '" + DEBITED + "', 'ORDERS')");
            s.execute("INSERT INTO events VALUES ('e4', 'ORDERS.created', 'o2', 'order', '{\"order_id\":\"o2\"}', 'ORDERS')");
            s.execute("INSERT INTO events VALUES ('e5', 'ORDERS.approved', 'o1', 'order', NULL, 'ORDERS')");
        }
        ServiceProcess eventStore = null;
        ManagedChannel channel = null;
        try {
            String report = bootstrap(infra, stream, es, others);
            assertThat(report).contains("schema " + es + ": adopted the original's events (5 events, positions 1..5)");

            int grpcPort = TestInfra.freePort();
            eventStore = new ServiceProcess("adopted-eventstore", Jars.of("eventstore-service"), TestInfra.freePort(),
                    List.of("--spring.grpc.server.port=" + grpcPort, "--spring.datasource.url=" + infra.jdbcUrl(es),
                            "--eventstream.nats.url=" + infra.natsUrl(), "--eventstream.nats.stream=" + stream,
                            "--management.tracing.export.zipkin.enabled=false")).start();
            channel = Grpc.newChannelBuilderForAddress("127.0.0.1", grpcPort, TestPki.credentials(TestPki.dir(), "order-service")).build();
            var store = EventStoreGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);

            List<Event> all = store.getEvents(GetEventsRequest.getDefaultInstance()).getEventsList();
            assertThat(all).extracting(e -> e.getEventId() + "@" + e.getPosition() + " v" + e.getVersion())
                    .containsExactly("e1@1 v1", "e4@2 v1", "e3@3 v2", "e2@4 v2", "e5@5 v3");
            List<Event> o1 = store.getEvents(GetEventsRequest.newBuilder().setAggregateId("o1").build()).getEventsList();
            assertThat(o1).extracting(Event::getEventType)
                    .containsExactly("ORDERS.created", "ORDERS.paymentdebited", "ORDERS.approved");
            assertThat(o1.get(0).getEventData()).isEqualTo(
                    "{\"amount\": 21, \"order_id\": \"o1\", \"customer_id\": \"c1\"}"); // JSONB's text of the stored value
            assertThat(o1.get(1).getEventData()).isEqualTo("{\"Amount\": 21, \"OrderID\": \"o1\", \"CustomerID\": \"c1\"}");
            assertThat(o1.get(2).getEventData()).isEmpty(); // the original's NULL, as it sent it

            CreateEventResponse appended = store.createEvent(CreateEventRequest.newBuilder().setEvent(Event.newBuilder()
                    .setEventId("e6").setEventType("ORDERS.cancelrequested").setAggregateId("o1")
                    .setAggregateType("order").setEventData("{}").setStream("ORDERS")).build());
            assertThat(appended.getIsSuccess()).as(appended.getError()).isTrue();
            assertThat(appended.getVersion()).isEqualTo(4);
            // The relay numbers it after the adopted ones (it publishes to this test's stream).
            Instant until = Instant.now().plus(Duration.ofSeconds(30));
            long position = 0;
            while (position == 0 && Instant.now().isBefore(until)) {
                position = store.getEvents(GetEventsRequest.newBuilder().setEventId("e6").build()).getEvents(0).getPosition();
                if (position == 0) {
                    Thread.sleep(100);
                }
            }
            assertThat(position).isEqualTo(6);
        } finally {
            if (channel != null) {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            if (eventStore != null) {
                eventStore.close();
            }
            try (var nats = infra.natsConnection()) {
                TestInfra.deleteStream(nats, stream);
                TestInfra.deleteStream(nats, stream + "_DLQ");
            }
            infra.dropDatabase(es);
            others.forEach(infra::dropDatabase);
        }
    }

    /** The packaged bootstrapper, as Suite runs it; what it printed. */
    private static String bootstrap(Infra infra, String stream, String es, List<String> others) throws Exception {
        Path log = Path.of("target", "e2e-logs", "bootstrapper-" + es + ".log");
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Jars.of("bootstrapper").toString(),
                "--stream", stream, "--eventstore-db", es, "--orders-db", others.get(0),
                "--payments-db", others.get(1), "--saga-db", others.get(2),
                "--nats-url", infra.natsUrl(), "--db-admin-url", infra.jdbcUrl("postgres"),
                "--db-admin-user", infra.pgAdmin())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String output = p.waitFor(120, TimeUnit.SECONDS) ? Files.readString(log) : "timed out";
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }
}
