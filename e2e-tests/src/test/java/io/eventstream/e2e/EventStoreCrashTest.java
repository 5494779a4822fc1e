package io.eventstream.e2e;

import io.eventstream.common.testing.TestPki;
import io.grpc.Grpc;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.testing.TestInfra;
import io.eventstream.proto.eventstore.CreateEventRequest;
import io.eventstream.proto.eventstore.Event;
import io.eventstream.proto.eventstore.EventStoreGrpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.nats.client.JetStreamApiException;
import java.sql.DriverManager;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * SIGKILL of the event store while it appends and publishes: after a restart every
 * stored event is in the stream exactly once, and every acknowledged append is stored.
 */
class EventStoreCrashTest {

    private static final int WRITERS = 4;

    @Test
    void killedWhileAppendingAndPublishingItLosesAndDuplicatesNothing() throws Exception {
        try (Suite suite = Suite.bootstrap()) {
            int grpcPort = TestInfra.freePort();
            ServiceProcess store = suite.eventStore("eventstore-crash", grpcPort).start();
            ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", grpcPort, TestPki.credentials(TestPki.dir(), "order-service")).build();
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicBoolean writing = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                pool.submit(() -> write(channel, suite.stream, writer, writing, acknowledged));
            }

            awaitAcknowledged(acknowledged, 200);
            int beforeKill = acknowledged.size();
            store.kill();
            Thread.sleep(1_000);
            store.start();
            awaitAcknowledged(acknowledged, beforeKill + 200);
            writing.set(false);
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            channel.shutdownNow();

            assertThat(beforeKill).as("appends acknowledged before the kill").isPositive();
            assertThat(acknowledged.size()).as("appends acknowledged after the restart").isGreaterThan(beforeKill);
            Set<String> stored = storedEventIds(suite);
            assertThat(stored).containsAll(acknowledged);
            awaitOutboxEmpty(suite);
            try (var nats = TestInfra.natsConnection()) {
                var jsm = nats.jetStreamManagement();
                long last = jsm.getStreamInfo(suite.stream).getStreamState().getLastSequence();
                Set<String> published = new HashSet<>();
                for (long seq = 1; seq <= last; seq++) {
                    try {
                        String id = jsm.getMessage(suite.stream, seq).getHeaders().getFirst(EventHeaders.MSG_ID);
                        assertThat(published.add(id)).as("event %s published once", id).isTrue();
                    } catch (JetStreamApiException gap) {
                        // no message at this sequence
                    }
                }
                assertThat(published).isEqualTo(stored);
            }
        }
    }

    private static Void write(ManagedChannel channel, String stream, int writer, AtomicBoolean writing,
                              Set<String> acknowledged) throws InterruptedException {
        var stub = EventStoreGrpc.newBlockingStub(channel);
        int i = 0;
        while (writing.get()) {
            String id = UUID.randomUUID().toString();
            Event event = Event.newBuilder().setEventId(id).setEventType(stream + ".created")
                    .setAggregateId("w" + writer + "-" + (i++ % 20)).setAggregateType("order")
                    .setEventData("{\"i\":" + i + "}").setStream(stream).build();
            try {
                stub.withDeadlineAfter(5, TimeUnit.SECONDS).createEvent(CreateEventRequest.newBuilder().setEvent(event).build());
                acknowledged.add(id);
            } catch (StatusRuntimeException down) {
                Thread.sleep(50);
            }
        }
        return null;
    }

    /** Waits for appends to be acknowledged rather than for a fixed time: a loaded machine is slow. */
    private static void awaitAcknowledged(Set<String> acknowledged, int atLeast) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (acknowledged.size() < atLeast) {
            assertThat(System.currentTimeMillis()).as("%d appends acknowledged", atLeast).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static Set<String> storedEventIds(Suite suite) throws Exception {
        Set<String> ids = new HashSet<>();
        try (var c = DriverManager.getConnection(TestInfra.jdbcUrl(suite.eventstoreDb), TestInfra.PG_ADMIN, "");
             var rs = c.createStatement().executeQuery("SELECT id FROM events")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private static void awaitOutboxEmpty(Suite suite) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        try (var c = DriverManager.getConnection(TestInfra.jdbcUrl(suite.eventstoreDb), TestInfra.PG_ADMIN, "")) {
            while (true) {
                try (var rs = c.createStatement().executeQuery("SELECT count(*) FROM outbox")) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        return;
                    }
                }
                assertThat(System.currentTimeMillis()).as("outbox drained").isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }
}
