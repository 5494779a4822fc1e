package io.eventstream.common.testing;

import io.eventstream.proto.eventstore.CreateEventRequest;
import io.eventstream.proto.eventstore.CreateEventResponse;
import io.eventstream.proto.eventstore.Event;
import io.eventstream.proto.eventstore.EventStoreGrpc;
import io.eventstream.proto.eventstore.GetEventsRequest;
import io.eventstream.proto.eventstore.GetEventsResponse;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The original's event store as it behaves on the wire (docs/contract.md, "What the original's
 * services send and expect beyond the proto"), behind a real gRPC server on a real socket:
 *
 * <ul>
 *   <li>no {@code grpc.health.v1} service: a health check answers UNIMPLEMENTED;</li>
 *   <li>only the original's fields: no version, position, created_at or metadata in what it
 *       answers, {@code CreateEvent} answers {@code is_success} and nothing else; an event id
 *       stored twice is a failed insert (INTERNAL), as it has no idempotency;</li>
 *   <li>{@code GetEvents} answers INTERNAL when a matching event has an empty event_data (its
 *       NULL {@code eventdata}: every order that reached {@code approved});</li>
 *   <li>{@code GetEventsStream} returns at once, {@code GetLogEnd} is UNIMPLEMENTED (not its rpc).</li>
 * </ul>
 */
public final class FakeOriginalStore implements AutoCloseable {

    private final Service bound = new Service();
    private final Server server;

    private FakeOriginalStore() {
        try {
            server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                    .addService(bound).build().start();
        } catch (IOException e) {
            throw new IllegalStateException("fake original store did not start", e);
        }
    }

    public static FakeOriginalStore started() {
        return new FakeOriginalStore();
    }

    public String target() {
        return "static://127.0.0.1:" + server.getPort();
    }

    public int port() {
        return server.getPort();
    }

    /** Stores an event as the original's own writers would (an empty body for approved). */
    public void put(Event event) {
        synchronized (bound) {
            bound.events.add(strip(event));
        }
    }

    public List<Event> events() {
        synchronized (bound) {
            return List.copyOf(bound.events);
        }
    }

    public List<Event> eventsOf(String aggregateId) {
        return events().stream().filter(e -> e.getAggregateId().equals(aggregateId)).toList();
    }

    /** How many GetEvents calls it answered INTERNAL. */
    public int internalAnswers() {
        synchronized (bound) {
            return bound.internalAnswers;
        }
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    /** What the original's table keeps: its six columns. */
    private static Event strip(Event event) {
        return Event.newBuilder().setEventId(event.getEventId()).setEventType(event.getEventType())
                .setAggregateId(event.getAggregateId()).setAggregateType(event.getAggregateType())
                .setEventData(event.getEventData()).setStream(event.getStream()).build();
    }

    private static final class Service extends EventStoreGrpc.EventStoreImplBase {

        private final List<Event> events = new ArrayList<>();
        private int internalAnswers;

        @Override
        public synchronized void createEvent(CreateEventRequest request, StreamObserver<CreateEventResponse> responses) {
            Event event = request.getEvent();
            if (events.stream().anyMatch(e -> e.getEventId().equals(event.getEventId()))) {
                responses.onError(Status.INTERNAL.withDescription("pq: duplicate key value violates unique constraint")
                        .asRuntimeException());
                return;
            }
            events.add(strip(event));
            responses.onNext(CreateEventResponse.newBuilder().setIsSuccess(true).build());
            responses.onCompleted();
        }

        @Override
        public synchronized void getEvents(GetEventsRequest request, StreamObserver<GetEventsResponse> responses) {
            List<Event> matching = events.stream()
                    .filter(e -> request.getEventId().isEmpty() || e.getEventId().equals(request.getEventId()))
                    .filter(e -> request.getAggregateId().isEmpty() || e.getAggregateId().equals(request.getAggregateId()))
                    .toList();
            if (matching.stream().anyMatch(e -> e.getEventData().isEmpty())) {
                internalAnswers++;
                responses.onError(Status.INTERNAL.withDescription(
                        "sql: Scan error on column index 4, name \"eventdata\": unsupported Scan, storing driver.Value"
                                + " type <nil> into type *string").asRuntimeException());
                return;
            }
            responses.onNext(GetEventsResponse.newBuilder().addAllEvents(matching).build());
            responses.onCompleted();
        }

        @Override
        public void getEventsStream(GetEventsRequest request, StreamObserver<Event> responses) {
            responses.onCompleted();
        }
    }
}
