package io.eventstream.common.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.testing.LocalGrpcServer;
import io.eventstream.common.tracing.EventTracing;
import io.eventstream.common.tracing.TestTracingAccess;
import io.eventstream.proto.eventstore.CreateEventRequest;
import io.eventstream.proto.eventstore.CreateEventResponse;
import io.eventstream.proto.eventstore.CreateEventResult;
import io.eventstream.proto.eventstore.CreateEventsRequest;
import io.eventstream.proto.eventstore.CreateEventsResponse;
import io.eventstream.proto.eventstore.Event;
import io.eventstream.proto.eventstore.EventStoreGrpc;
import io.grpc.stub.StreamObserver;
import io.micrometer.tracing.Span;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The trace context rides in the appended event's metadata, over a real gRPC socket. */
class EventStoreClientTracingTest {

    private final List<CreateEventRequest> received = new CopyOnWriteArrayList<>();
    private final TestTracingAccess tracing = new TestTracingAccess();
    private LocalGrpcServer server;
    private EventStoreClient client;

    @BeforeEach
    void start() {
        server = LocalGrpcServer.start(new EventStoreGrpc.EventStoreImplBase() {
            @Override
            public void createEvent(CreateEventRequest request, StreamObserver<CreateEventResponse> response) {
                received.add(request);
                response.onNext(CreateEventResponse.newBuilder().setIsSuccess(true).setVersion(1).build());
                response.onCompleted();
            }

            @Override
            public void createEvents(CreateEventsRequest request, StreamObserver<CreateEventsResponse> response) {
                received.addAll(request.getEventsList());
                CreateEventsResponse.Builder answer = CreateEventsResponse.newBuilder();
                request.getEventsList().forEach(r -> answer.addResults(CreateEventResult.newBuilder().setVersion(1)));
                response.onNext(answer.build());
                response.onCompleted();
            }
        });
        client = new EventStoreClient(server.channel(), Duration.ofSeconds(5), tracing.eventTracing());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        tracing.close();
    }

    @Test
    void anAppendInsideASpanStoresItsContextNextToTheCallersMetadata() {
        Span span = tracing.tracer().nextSpan().name("POST /api/orders").start();
        try (var ignored = tracing.tracer().withSpan(span)) {
            client.append(event().putMetadata("Correlation-Id", "o1").build(), 0);
        } finally {
            span.end();
        }

        Event stored = received.get(0).getEvent();
        assertThat(stored.getMetadataMap()).containsEntry("Correlation-Id", "o1").containsEntry(
                EventTracing.TRACEPARENT, "00-" + span.context().traceId() + "-" + span.context().spanId() + "-01");
        assertThat(received.get(0).getExpectedVersion()).isZero();
    }

    @Test
    void eventsAppendedTogetherEachCarryTheContextTheyWereMadeInNotTheCallersOne() {
        Span first = tracing.tracer().nextSpan().name("consume o1").start();
        Span second = tracing.tracer().nextSpan().name("consume o2").start();
        List<EventToAppend> events = new ArrayList<>();
        try (var ignored = tracing.tracer().withSpan(first)) {
            events.add(EventToAppend.atNextVersion(client.traced(event().build())));
        }
        try (var ignored = tracing.tracer().withSpan(second)) {
            events.add(EventToAppend.atVersion(client.traced(event().setEventId("e2").setAggregateId("o2").build()), 1));
        }
        Span batch = tracing.tracer().nextSpan().name("batch").start();
        try (var ignored = tracing.tracer().withSpan(batch)) {
            assertThat(client.appendEach(events)).allSatisfy(outcome -> assertThat(outcome.succeeded()).isTrue());
        } finally {
            first.end();
            second.end();
            batch.end();
        }

        assertThat(received).hasSize(2);
        assertThat(received.get(0).getEvent().getMetadataMap()).containsEntry(EventTracing.TRACEPARENT,
                "00-" + first.context().traceId() + "-" + first.context().spanId() + "-01");
        assertThat(received.get(1).getEvent().getMetadataMap()).containsEntry(EventTracing.TRACEPARENT,
                "00-" + second.context().traceId() + "-" + second.context().spanId() + "-01");
        assertThat(received.get(0).hasExpectedVersion()).isFalse();
        assertThat(received.get(1).getExpectedVersion()).isEqualTo(1);
    }

    @Test
    void aTraceparentTheCallerSetIsKept() {
        Span span = tracing.tracer().nextSpan().start();
        try (var ignored = tracing.tracer().withSpan(span)) {
            client.append(event().putMetadata(EventTracing.TRACEPARENT, "00-caller").build());
        } finally {
            span.end();
        }

        assertThat(received.get(0).getEvent().getMetadataMap()).containsEntry(EventTracing.TRACEPARENT, "00-caller");
    }

    @Test
    void outsideASpanTheEventIsSentAsIs() {
        Event event = event().build();
        client.append(event);

        assertThat(received.get(0).getEvent()).isEqualTo(event);
    }

    private static Event.Builder event() {
        return Event.newBuilder().setEventId("e1").setEventType("ORDERS.created").setAggregateId("o1")
                .setAggregateType("order").setEventData("{}").setStream("ORDERS");
    }
}
