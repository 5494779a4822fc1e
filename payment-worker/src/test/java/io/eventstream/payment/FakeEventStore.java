package io.eventstream.payment;

import io.eventstream.proto.eventstore.CreateEventRequest;
import io.eventstream.proto.eventstore.CreateEventResponse;
import io.eventstream.proto.eventstore.Event;
import io.eventstream.proto.eventstore.EventStoreGrpc;
import io.eventstream.proto.eventstore.GetEventsRequest;
import io.eventstream.proto.eventstore.GetEventsResponse;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An in-memory event store served over a real gRPC socket, with the real store's
 * idempotency: the same event id and content is a duplicate, the same id with other
 * content is ALREADY_EXISTS. {@link #stop()} and {@link #start()} take it off and back on
 * the same port, to test a worker through an outage.
 */
final class FakeEventStore extends EventStoreGrpc.EventStoreImplBase {

    private final Map<String, Event> byId = new LinkedHashMap<>();
    private final Map<String, Long> versions = new HashMap<>();
    private int port;
    private Server server;
    private int appendCalls;

    static FakeEventStore started() throws IOException {
        FakeEventStore store = new FakeEventStore();
        store.start();
        return store;
    }

    synchronized void start() throws IOException {
        server = ServerBuilder.forPort(port).addService(this).addService(servingHealth()).build().start();
        port = server.getPort();
    }

    synchronized void stop() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
    }

    String target() {
        return "static://127.0.0.1:" + port;
    }

    synchronized List<Event> events() {
        return new ArrayList<>(byId.values());
    }

    synchronized List<Event> eventsOfType(String type) {
        return byId.values().stream().filter(e -> e.getEventType().equals(type)).toList();
    }

    synchronized int appendCalls() {
        return appendCalls;
    }

    @Override
    public synchronized void createEvent(CreateEventRequest request, StreamObserver<CreateEventResponse> response) {
        appendCalls++;
        Event event = request.getEvent();
        if (event.getEventId().isBlank() || event.getEventType().isBlank() || event.getAggregateId().isBlank()) {
            response.onError(Status.INVALID_ARGUMENT.withDescription("event_id, event_type and aggregate_id are required")
                    .asRuntimeException());
            return;
        }
        Event existing = byId.get(event.getEventId());
        if (existing != null) {
            if (sameContent(existing, event)) {
                response.onNext(CreateEventResponse.newBuilder().setIsSuccess(true).setVersion(existing.getVersion())
                        .setDuplicate(true).build());
                response.onCompleted();
            } else {
                response.onError(Status.ALREADY_EXISTS.withDescription("event " + event.getEventId()
                        + " exists with other content").asRuntimeException());
            }
            return;
        }
        long current = versions.getOrDefault(event.getAggregateId(), 0L);
        if (request.hasExpectedVersion() && request.getExpectedVersion() != current) {
            response.onError(Status.ABORTED.withDescription("aggregate is at version " + current).asRuntimeException());
            return;
        }
        long version = current + 1;
        versions.put(event.getAggregateId(), version);
        byId.put(event.getEventId(), event.toBuilder().setVersion(version).setPosition(byId.size() + 1).build());
        response.onNext(CreateEventResponse.newBuilder().setIsSuccess(true).setVersion(version).build());
        response.onCompleted();
    }

    @Override
    public synchronized void getEvents(GetEventsRequest request, StreamObserver<GetEventsResponse> response) {
        List<Event> matching = byId.values().stream()
                .filter(e -> request.getEventId().isEmpty() || e.getEventId().equals(request.getEventId()))
                .filter(e -> request.getAggregateId().isEmpty() || e.getAggregateId().equals(request.getAggregateId()))
                .toList();
        response.onNext(GetEventsResponse.newBuilder().addAllEvents(matching).build());
        response.onCompleted();
    }

    private static boolean sameContent(Event a, Event b) {
        return a.getEventType().equals(b.getEventType())
                && a.getAggregateId().equals(b.getAggregateId())
                && a.getAggregateType().equals(b.getAggregateType())
                && a.getEventData().equals(b.getEventData())
                && a.getStream().equals(b.getStream())
                && a.getMetadataMap().equals(b.getMetadataMap());
    }

    /** grpc.health.v1 as the real store answers it while its database is up (the clients' readiness asks). */
    private static io.grpc.BindableService servingHealth() {
        HealthStatusManager health = new HealthStatusManager();
        health.setStatus("eventstore", io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING);
        return health.getHealthService();
    }
}
