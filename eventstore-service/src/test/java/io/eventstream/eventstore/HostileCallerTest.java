package io.eventstream.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventstream.common.events.OrderEventKind;
import io.eventstream.common.testing.TestInfra;
import io.eventstream.common.testing.TestPki;
import io.eventstream.eventstore.access.Grant;
import io.eventstream.eventstore.security.AccessProperties;
import io.eventstream.proto.eventstore.EventStoreGrpc;
import io.eventstream.proto.eventstore.GetEventsRequest;
import io.eventstream.proto.eventstore.GetLogEndRequest;
import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Callers the event store must refuse (issue 17), over real sockets with the shipped settings:
 * each refused with its code, nothing stored (the events table), nothing published (the stream
 * holds exactly the one allowed event appended last, which the relay publishes after anything
 * before it), and the refusal counted.
 */
class HostileCallerTest extends EventStoreTestBase {

    @Test
    void aCallerWithoutACertificateIsUnauthenticatedForEveryCall() throws Exception {
        EventStoreInstance store = startInstance();
        ManagedChannel channel = track(TestPki.channel(store.grpcPort(), TestPki.withoutCertificate()));
        var stub = EventStoreGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);

        assertRefused(() -> stub.createEvent(request(event("o-1", "{}"))), Status.Code.UNAUTHENTICATED,
                "client certificate is required");
        assertRefused(() -> stub.getEvents(GetEventsRequest.getDefaultInstance()), Status.Code.UNAUTHENTICATED, "");
        assertRefused(() -> stub.getLogEnd(GetLogEndRequest.getDefaultInstance()), Status.Code.UNAUTHENTICATED, "");

        assertThat(refusals(store, "no-certificate")).isEqualTo(3);
        assertNothingStoredOrPublishedBut(store);
    }

    @Test
    void aCertificateFromAnotherCaOrAnExpiredOneNeverConnects() throws Exception {
        EventStoreInstance store = startInstance();
        // Presented whatever the server asks for, as a hostile client would (a well-behaved one sends none).
        for (ChannelCredentials credentials : List.of(
                TestPki.presenting(TestPki.otherCa("review-worker"), "review-worker"),
                TestPki.presenting(TestPki.expired("review-worker"), "review-worker"))) {
            var stub = EventStoreGrpc.newBlockingStub(track(TestPki.channel(store.grpcPort(), credentials)))
                    .withDeadlineAfter(10, TimeUnit.SECONDS);
            // The TLS handshake fails: the call never reaches the service.
            assertRefused(() -> stub.createEvent(request(event("o-1", "{}").setEventType(stream + ".approved"))),
                    Status.Code.UNAVAILABLE, "");
        }
        // At least: the channel may try the handshake again before the call gives up.
        assertThat(refusals(store, "untrusted-certificate")).isGreaterThanOrEqualTo(1);
        assertThat(refusals(store, "expired-certificate")).isGreaterThanOrEqualTo(1);
        assertNothingStoredOrPublishedBut(store);
    }

    @Test
    void eachIdentityAppendingAnEventTypeNotItsOwnIsPermissionDeniedNamingBoth() throws Exception {
        EventStoreInstance store = startInstance();
        Map<String, Grant> table = store.bean(AccessProperties.class).identities();
        List<String> kinds = Stream.concat(Stream.of(OrderEventKind.values()).map(OrderEventKind::suffix),
                Stream.of("appended", "anything")).toList();
        int refused = 0;
        for (var entry : table.entrySet()) {
            String identity = entry.getKey();
            var stub = store.stub(identity);
            for (String kind : kinds) {
                if (entry.getValue().append().contains(kind)) {
                    continue;
                }
                assertRefused(() -> stub.createEvent(request(event("o-" + identity, "{}").setEventType(stream + "." + kind))),
                        Status.Code.PERMISSION_DENIED, "'" + identity + "' may not append event type '" + kind + "'");
                refused++;
            }
        }
        assertThat(refused).isGreaterThan(50);
        assertThat(refusals(store, "append-not-granted")).isEqualTo(refused);
        assertNothingStoredOrPublishedBut(store);
    }

    @Test
    void theTableMatchesWhatEachServiceAppendsToday() {
        EventStoreInstance store = startInstance();
        Map<String, Grant> table = store.bean(AccessProperties.class).identities();
        assertThat(table.get("order-service").append()).containsExactlyInAnyOrder("created", "cancelrequested");
        assertThat(table.get("payment-worker").append())
                .containsExactlyInAnyOrder("paymentdebited", "paymentfailed", "paymentrefunded");
        assertThat(table.get("review-worker").append()).containsExactlyInAnyOrder("approved", "reviewrejected");
        assertThat(table.get("saga-coordinator").append())
                .containsExactlyInAnyOrder("refundrequested", "cancelrequested", "rejected", "cancelled");
        assertThat(table.get("querymodel-worker").append()).isEmpty();
        assertThat(table.get("loadtool").read()).isFalse();
    }

    @Test
    void aReadByAnIdentityWithoutReadPermissionAndAnythingByAStrangerIsPermissionDenied() throws Exception {
        EventStoreInstance store = startInstance();
        var loadtool = store.stub("loadtool");
        assertRefused(() -> loadtool.getEvents(GetEventsRequest.getDefaultInstance()), Status.Code.PERMISSION_DENIED,
                "'loadtool' may not read");
        assertRefused(() -> loadtool.getEventsStream(GetEventsRequest.getDefaultInstance()).hasNext(),
                Status.Code.PERMISSION_DENIED, "'loadtool' may not read");
        assertRefused(() -> loadtool.getLogEnd(GetLogEndRequest.getDefaultInstance()), Status.Code.PERMISSION_DENIED,
                "'loadtool' may not read");
        assertThat(refusals(store, "read-not-granted")).isEqualTo(3);

        // A valid certificate of the suite's CA for a name the table does not know.
        var stranger = EventStoreGrpc.newBlockingStub(track(TestPki.channel(store.grpcPort(),
                TestPki.credentials(TestPki.issued("stranger"), "stranger")))).withDeadlineAfter(10, TimeUnit.SECONDS);
        assertRefused(() -> stranger.createEvent(request(event("o-1", "{}"))), Status.Code.PERMISSION_DENIED,
                "'stranger' is not in the access table");
        assertRefused(() -> stranger.getEvents(GetEventsRequest.getDefaultInstance()), Status.Code.PERMISSION_DENIED,
                "'stranger' is not in the access table");
        assertThat(refusals(store, "unknown-identity")).isEqualTo(2);
        assertNothingStoredOrPublishedBut(store);
    }

    @Test
    void theOriginalsPlaintextListenerIsOffByDefault() {
        int port = TestInfra.freePort();
        EventStoreInstance store = startInstance("--eventstream.original-listener.port=" + port);
        for (int target : List.of(port, store.grpcPort())) {
            ManagedChannel plaintext = track(ManagedChannelBuilder.forAddress("127.0.0.1", target).usePlaintext().build());
            var stub = EventStoreGrpc.newBlockingStub(plaintext).withDeadlineAfter(10, TimeUnit.SECONDS);
            // Off: connection refused. The TLS port: no plaintext HTTP/2 spoken there.
            assertRefused(() -> stub.getEvents(GetEventsRequest.getDefaultInstance()), Status.Code.UNAVAILABLE, "");
        }
    }

    @Test
    void onThePlaintextListenerCallersHaveTheOriginalClientsPermissions() throws Exception {
        int port = TestInfra.freePort();
        EventStoreInstance store = startInstance("--eventstream.original-listener.enabled=true",
                "--eventstream.original-listener.port=" + port);
        ManagedChannel plaintext = track(ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build());
        var stub = EventStoreGrpc.newBlockingStub(plaintext).withDeadlineAfter(10, TimeUnit.SECONDS);

        assertRefused(() -> stub.createEvent(request(event("o-1", "{}").setEventType(stream + ".approved"))),
                Status.Code.PERMISSION_DENIED, "'original-client' may not append event type 'approved'");
        assertThat(refusals(store, "append-not-granted")).isEqualTo(1);
        // What the table gives it: created, and reading.
        assertThat(stub.createEvent(request(event("o-2", "{}"))).getIsSuccess()).isTrue();
        assertThat(stub.getEvents(GetEventsRequest.getDefaultInstance()).getEventsCount()).isEqualTo(1);
        StreamReader.awaitCount(nats, stream, 1, 10_000);
        assertThat(StreamReader.count(nats, stream)).isEqualTo(1);
        assertThat(storedEvents()).isEqualTo(1);
    }

    private final List<ManagedChannel> channels = new ArrayList<>();

    private ManagedChannel track(ManagedChannel channel) {
        channels.add(channel);
        return channel;
    }

    @org.junit.jupiter.api.AfterEach
    void closeChannels() {
        channels.forEach(ManagedChannel::shutdownNow);
    }

    private static void assertRefused(Runnable call, Status.Code code, String description) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(String.valueOf(e.getStatus().getDescription())).contains(description);
        });
    }

    private static double refusals(EventStoreInstance store, String reason) {
        Counter counter = store.bean(MeterRegistry.class).find("eventstream.security.refusals")
                .tags("layer", "grpc", "reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    /** One allowed append after the refused ones: the stream and the table hold it and nothing else. */
    private void assertNothingStoredOrPublishedBut(EventStoreInstance store) throws Exception {
        assertThat(storedEvents()).isZero();
        assertThat(store.stub().createEvent(request(event("o-allowed", "{}"))).getIsSuccess()).isTrue();
        StreamReader.awaitCount(nats, stream, 1, 10_000);
        assertThat(StreamReader.count(nats, stream)).isEqualTo(1);
        assertThat(storedEvents()).isEqualTo(1);
    }

    private long storedEvents() throws Exception {
        try (var c = DriverManager.getConnection(TestInfra.jdbcUrl(database), TestInfra.PG_ADMIN, "");
             var rs = c.createStatement().executeQuery("SELECT count(*) FROM events")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
