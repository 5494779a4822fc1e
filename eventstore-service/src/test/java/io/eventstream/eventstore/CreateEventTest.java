package io.eventstream.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventstream.common.events.EventHeaders;
import io.eventstream.proto.eventstore.CreateEventRequest;
import io.eventstream.proto.eventstore.CreateEventResponse;
import io.eventstream.proto.eventstore.Event;
import io.eventstream.proto.eventstore.GetEventsRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.nats.client.api.MessageInfo;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CreateEventTest extends EventStoreTestBase {

    @Test
    void appendedEventReachesJetStreamWithItsBodyByteForByteAndItsMetadataInHeaders() throws Exception {
        EventStoreInstance store = startInstance();
        // Odd spacing and key order on purpose: JSONB would normalise them, the message must not.
        String data = "{ \"order_id\":\"o-1\",  \"amount\": 21.50, \"a\":[1, 2] }";
        Event.Builder event = event("o-1", data).putMetadata("Correlation-Id", "o-1").putMetadata("traceparent",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

        CreateEventResponse response = store.stub().createEvent(request(event));

        assertThat(response.getIsSuccess()).isTrue();
        assertThat(response.getVersion()).isEqualTo(1);
        StreamReader.awaitCount(nats, stream, 1, 10_000);
        MessageInfo message = StreamReader.all(nats, stream).get(0);
        assertThat(message.getSubject()).isEqualTo(created());
        assertThat(new String(message.getData(), StandardCharsets.UTF_8)).isEqualTo(data);
        assertThat(StreamReader.header(message, EventHeaders.MSG_ID)).isEqualTo(event.getEventId());
        assertThat(StreamReader.header(message, EventHeaders.EVENT_TYPE)).isEqualTo(created());
        assertThat(StreamReader.header(message, EventHeaders.AGGREGATE_ID)).isEqualTo("o-1");
        assertThat(StreamReader.header(message, EventHeaders.AGGREGATE_TYPE)).isEqualTo("order");
        assertThat(StreamReader.header(message, EventHeaders.AGGREGATE_VERSION)).isEqualTo("1");
        assertThat(StreamReader.header(message, EventHeaders.POSITION)).isEqualTo("1");
        assertThat(StreamReader.header(message, "Correlation-Id")).isEqualTo("o-1");
        assertThat(StreamReader.header(message, "traceparent")).startsWith("00-4bf92f35");
    }

    @Test
    void eventWithoutDataIsStoredAsNullAndPublishedWithAnEmptyBody() throws Exception {
        EventStoreInstance store = startInstance();
        Event.Builder event = event("o-2", "").setEventType(stream + ".approved");

        store.stub("review-worker").createEvent(request(event));

        StreamReader.awaitCount(nats, stream, 1, 10_000);
        assertThat(StreamReader.all(nats, stream).get(0).getData()).isNullOrEmpty();
        Event stored = store.stub().getEvents(GetEventsRequest.newBuilder().setEventId(event.getEventId()).build())
                .getEvents(0);
        assertThat(stored.getEventData()).isEmpty();
    }

    @Test
    void theSameEventTwiceIsStoredAndPublishedOnce() throws Exception {
        EventStoreInstance store = startInstance();
        Event.Builder event = event("o-3", "{\"n\":1}");

        CreateEventResponse first = store.stub().createEvent(request(event));
        CreateEventResponse again = store.stub().createEvent(request(event.putMetadata("Causation-Id", "retry")));

        assertThat(first.getDuplicate()).isFalse();
        assertThat(again.getIsSuccess()).isTrue();
        assertThat(again.getDuplicate()).isTrue();
        assertThat(again.getVersion()).isEqualTo(first.getVersion());
        assertThat(eventsOf(store, "o-3")).hasSize(1);
        StreamReader.awaitCount(nats, stream, 1, 10_000);
        Thread.sleep(300);
        assertThat(StreamReader.count(nats, stream)).isEqualTo(1);
    }

    @Test
    void theSameIdWithOtherContentIsAlreadyExists() {
        EventStoreInstance store = startInstance();
        Event.Builder event = event("o-4", "{\"n\":1}");
        store.stub().createEvent(request(event));

        assertThatThrownBy(() -> store.stub().createEvent(request(event.setEventData("{\"n\":2}"))))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS));
        assertThat(eventsOf(store, "o-4")).extracting(Event::getEventData).containsExactly("{\"n\":1}");
    }

    @Test
    void versionsFollowEachOtherAndAStaleExpectedVersionIsRejectedNamingTheCurrentOne() {
        EventStoreInstance store = startInstance();
        store.stub().createEvent(request(event("o-5", "{}")));
        CreateEventResponse second = store.stub().createEvent(
                CreateEventRequest.newBuilder().setEvent(event("o-5", "{}")).setExpectedVersion(1).build());
        assertThat(second.getVersion()).isEqualTo(2);

        assertThatThrownBy(() -> store.stub().createEvent(
                CreateEventRequest.newBuilder().setEvent(event("o-5", "{}")).setExpectedVersion(1).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
                    assertThat(e.getStatus().getDescription()).contains("version 2");
                });
        assertThatThrownBy(() -> store.stub().createEvent(
                CreateEventRequest.newBuilder().setEvent(event("o-5", "{}")).setExpectedVersion(7).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ABORTED));
        assertThatThrownBy(() -> store.stub().createEvent(
                CreateEventRequest.newBuilder().setEvent(event("o-5", "{}")).setExpectedVersion(0).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ABORTED));
        assertThat(eventsOf(store, "o-5")).extracting(Event::getVersion).containsExactly(1L, 2L);
    }

    @Test
    void badInputIsInvalidArgumentAndStoresNothing() throws Exception {
        EventStoreInstance store = startInstance();
        List<CreateEventRequest> bad = List.of(
                CreateEventRequest.getDefaultInstance(),
                request(event("o-6", "{}").setEventId("")),
                request(event("o-6", "{}").setEventType("")),
                request(event("o-6", "{}").setAggregateId("")),
                request(event("o-6", "{}").setEventType("ORDERS.*")),
                request(event("o-6", "{not json")),
                request(event("o-6", "{\"a\":1} trailing")),
                request(event("o-6", "{\"a\":\"\\u0000\"}")),
                request(event("o-6", "\"" + "x".repeat(1024 * 1024) + "\"")),
                request(event("o-6", "{}").putMetadata("Bad:Key", "v")),
                request(event("o-6", "{}").putMetadata("Nats-Msg-Id", "spoof")),
                request(event("o-6", "{}").putMetadata("k", "line\nbreak")),
                CreateEventRequest.newBuilder().setEvent(event("o-6", "{}")).setExpectedVersion(-1).build());

        for (CreateEventRequest request : bad) {
            assertThatThrownBy(() -> store.stub().createEvent(request))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        }
        assertThat(store.stub().getEvents(GetEventsRequest.getDefaultInstance()).getEventsList()).isEmpty();
        Thread.sleep(300);
        assertThat(StreamReader.count(nats, stream)).isZero();
    }

    @Test
    void getEventsFiltersByIdAndAggregateInOrder() {
        EventStoreInstance store = startInstance();
        Event.Builder a1 = event("agg-a", "{\"i\":1}");
        store.stub().createEvent(request(a1));
        store.stub().createEvent(request(event("agg-b", "{\"i\":2}")));
        store.stub().createEvent(request(event("agg-a", "{\"i\":3}")));

        assertThat(eventsOf(store, "agg-a")).extracting(Event::getEventData).containsExactly("{\"i\":1}", "{\"i\":3}");
        assertThat(store.stub().getEvents(GetEventsRequest.newBuilder().setEventId(a1.getEventId()).build())
                .getEventsList()).extracting(Event::getAggregateId).containsExactly("agg-a");
        assertThat(store.stub().getEvents(GetEventsRequest.newBuilder().setEventId(a1.getEventId())
                .setAggregateId("agg-b").build()).getEventsList()).isEmpty();
        assertThat(store.stub().getEvents(GetEventsRequest.getDefaultInstance()).getEventsList()).hasSize(3);
        assertThat(store.stub().getEvents(GetEventsRequest.newBuilder().setEventId(UUID.randomUUID().toString())
                .build()).getEventsList()).isEmpty();
    }

    private static List<Event> eventsOf(EventStoreInstance store, String aggregateId) {
        return store.stub().getEvents(GetEventsRequest.newBuilder().setAggregateId(aggregateId).build()).getEventsList();
    }
}
