package io.eventstream.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.testing.TestInfra;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import original.eventstore.CreateEventRequest;
import original.eventstore.CreateEventResponse;
import original.eventstore.Event;
import original.eventstore.EventStoreGrpc;
import original.eventstore.GetEventsRequest;

/**
 * A client generated from the original proto, knowing none of our extensions and no TLS, works
 * unchanged on the plaintext listener the operator turns on for it (as {@code original-client}).
 */
class OriginalClientTest extends EventStoreTestBase {

    @Test
    void aClientOfTheOriginalCreatesAndReadsEvents() throws Exception {
        int port = TestInfra.freePort();
        startInstance("--eventstream.original-listener.enabled=true",
                "--eventstream.original-listener.port=" + port);
        ManagedChannel plaintext = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        var client = EventStoreGrpc.newBlockingStub(plaintext).withDeadlineAfter(10, TimeUnit.SECONDS);
        String orderId = UUID.randomUUID().toString();
        String body = "{\"order_id\":\"" + orderId + "\",\"customer_id\":\"c1\",\"amount\":21}";
        Event event = Event.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setEventType(created())
                .setAggregateId(orderId)
                .setAggregateType("order")
                .setEventData(body)
                .setStream(stream)
                .build();

        CreateEventResponse response = client.createEvent(CreateEventRequest.newBuilder().setEvent(event).build());

        assertThat(response.getIsSuccess()).isTrue();
        assertThat(response.getError()).isEmpty();
        List<Event> byAggregate = client.getEvents(GetEventsRequest.newBuilder().setAggregateId(orderId).build())
                .getEventsList();
        assertThat(knownFields(byAggregate)).containsExactly(event);
        assertThat(knownFields(client.getEvents(GetEventsRequest.getDefaultInstance()).getEventsList()))
                .containsExactly(event);
        StreamReader.awaitCount(nats, stream, 1, 10_000);
        var message = StreamReader.all(nats, stream).get(0);
        assertThat(message.getSubject()).isEqualTo(created());
        assertThat(new String(message.getData(), StandardCharsets.UTF_8)).isEqualTo(body);
        // GetEventsStream without our extensions: the whole positioned log, then the end.
        List<Event> streamed = new java.util.ArrayList<>();
        client.getEventsStream(GetEventsRequest.getDefaultInstance()).forEachRemaining(streamed::add);
        assertThat(knownFields(streamed)).containsExactly(event);
        plaintext.shutdownNow();
    }

    /** What the original's client sees: our extension fields arrive as unknown fields, which it ignores. */
    private static List<Event> knownFields(List<Event> events) {
        return events.stream()
                .map(e -> e.toBuilder().setUnknownFields(com.google.protobuf.UnknownFieldSet.getDefaultInstance()).build())
                .toList();
    }
}
