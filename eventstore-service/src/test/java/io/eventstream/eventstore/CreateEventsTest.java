package io.eventstream.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventstream.common.testing.TestPki;
import io.eventstream.proto.eventstore.CreateEventRequest;
import io.eventstream.proto.eventstore.CreateEventResult;
import io.eventstream.proto.eventstore.CreateEventsRequest;
import io.eventstream.proto.eventstore.Event;
import io.eventstream.proto.eventstore.EventStoreGrpc;
import io.eventstream.proto.eventstore.GetEventsRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.DriverManager;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * CreateEvents over real gRPC with the shipped mutual TLS and access table: each event gets the
 * outcome a CreateEvent of its own would have had, and only the events that succeed are stored
 * and published.
 */
class CreateEventsTest extends EventStoreTestBase {

    @Test
    void eachEventGetsItsOwnOutcomeAndOnlyTheGoodOnesAreStoredAndPublished() throws Exception {
        EventStoreInstance store = startInstance();
        Event.Builder stored = event("o-dup", "{\"a\":1}");
        Event.Builder moved = event("o-moved", "{}");
        store.stub().createEvent(request(stored));
        store.stub().createEvent(request(moved));

        Event.Builder fresh = event("o-new", "{\"n\":1}");
        Event.Builder freshCancel = event("o-new", "{}").setEventType(stream + ".cancelrequested");
        List<CreateEventRequest> batch = List.of(
                request(fresh),
                // The stored event again, other metadata (a retry under another trace): a duplicate.
                request(stored.clone().putMetadata("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")),
                request(stored.clone().setEventData("{\"a\":2}")),
                CreateEventRequest.newBuilder().setEvent(event("o-moved", "{}")).setExpectedVersion(0).build(),
                request(event("o-bad", "not json")),
                request(event("o-refused", "{}").setEventType(stream + ".approved")),
                request(freshCancel));

        List<CreateEventResult> results = store.stub().createEvents(CreateEventsRequest.newBuilder()
                .addAllEvents(batch).build()).getResultsList();

        assertThat(results).hasSize(7);
        assertOk(results.get(0), 1, false);
        assertOk(results.get(1), 1, true);
        assertFailed(results.get(2), Status.Code.ALREADY_EXISTS, stored.getEventId());
        assertFailed(results.get(3), Status.Code.ABORTED, "expected 0");
        assertThat(results.get(3).getCurrentVersion()).isEqualTo(1);
        assertFailed(results.get(4), Status.Code.INVALID_ARGUMENT, "event_data is not valid JSON");
        assertFailed(results.get(5), Status.Code.PERMISSION_DENIED,
                "'order-service' may not append event type 'approved'");
        // The same aggregate twice in one call: in the order of the request, at consecutive versions.
        assertOk(results.get(6), 2, false);

        // Stored: the two from before and the two new ones, nothing else.
        assertThat(storedEventIds()).containsExactlyInAnyOrder(stored.getEventId(), moved.getEventId(),
                fresh.getEventId(), freshCancel.getEventId());
        assertThat(store.stub().getEvents(GetEventsRequest.newBuilder().setEventId(stored.getEventId()).build())
                .getEvents(0).getEventData()).isEqualTo("{\"a\":1}");
        StreamReader.awaitCount(nats, stream, 4, 10_000);
        Thread.sleep(300); // a fifth message would have been published by now
        assertThat(StreamReader.all(nats, stream)).extracting(m -> StreamReader.header(m, "Nats-Msg-Id"))
                .containsExactly(stored.getEventId(), moved.getEventId(), fresh.getEventId(), freshCancel.getEventId());
        assertThat(refusals(store, "append-not-granted")).isEqualTo(1);
    }

    @Test
    void moreEventsThanTheLimitAreRefusedAsAWholeAndNothingIsStored() throws Exception {
        EventStoreInstance store = startInstance("--eventstream.store.create-events-max=3");
        CreateEventsRequest.Builder four = CreateEventsRequest.newBuilder();
        for (int i = 0; i < 4; i++) {
            four.addEvents(request(event("o-" + i, "{}")));
        }

        assertThatThrownBy(() -> store.stub().createEvents(four.build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("at most 3 events, got 4");
                });
        assertThat(storedEventIds()).isEmpty();

        four.removeEvents(3);
        assertThat(store.stub().createEvents(four.build()).getResultsList())
                .allSatisfy(r -> assertThat(r.getCode()).isZero());
        assertThat(storedEventIds()).hasSize(3);
    }

    @Test
    void theCallerIsCheckedLikeForCreateEvent() throws Exception {
        EventStoreInstance store = startInstance();
        CreateEventsRequest appended = CreateEventsRequest.newBuilder()
                .addEvents(request(event("o-1", "{}").setEventType(stream + ".appended"))).build();

        ManagedChannel anonymous = TestPki.channel(store.grpcPort(), TestPki.withoutCertificate());
        ManagedChannel stranger = TestPki.channel(store.grpcPort(), TestPki.credentials(TestPki.issued("stranger"),
                "stranger"));
        try {
            assertCallRefused(anonymous, appended, Status.Code.UNAUTHENTICATED, "client certificate is required");
            assertCallRefused(stranger, appended, Status.Code.PERMISSION_DENIED, "'stranger' is not in the access table");
        } finally {
            anonymous.shutdownNow();
            stranger.shutdownNow();
        }
        assertThat(storedEventIds()).isEmpty();

        // loadtool may not read, but may append its own type: CreateEvents is an append, not a read.
        assertThat(store.stub("loadtool").createEvents(appended).getResults(0).getCode()).isZero();
        assertThat(storedEventIds()).hasSize(1);
    }

    private static void assertCallRefused(ManagedChannel channel, CreateEventsRequest request, Status.Code code,
                                          String description) {
        var stub = EventStoreGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> stub.createEvents(request)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(String.valueOf(e.getStatus().getDescription())).contains(description);
        });
    }

    private static void assertOk(CreateEventResult result, long version, boolean duplicate) {
        assertThat(result.getCode()).as(result.getMessage()).isEqualTo(Status.Code.OK.value());
        assertThat(result.getVersion()).isEqualTo(version);
        assertThat(result.getDuplicate()).isEqualTo(duplicate);
    }

    private static void assertFailed(CreateEventResult result, Status.Code code, String message) {
        assertThat(Status.fromCodeValue(result.getCode()).getCode()).as(result.getMessage()).isEqualTo(code);
        assertThat(result.getMessage()).contains(message);
    }

    private static double refusals(EventStoreInstance store, String reason) {
        Counter counter = store.bean(MeterRegistry.class).find("eventstream.security.refusals")
                .tags("layer", "grpc", "reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private List<String> storedEventIds() throws Exception {
        try (var c = DriverManager.getConnection(io.eventstream.common.testing.TestInfra.jdbcUrl(database),
                io.eventstream.common.testing.TestInfra.PG_ADMIN, "");
             var rs = c.createStatement().executeQuery("SELECT id FROM events ORDER BY id")) {
            List<String> ids = new java.util.ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
            return ids;
        }
    }
}
