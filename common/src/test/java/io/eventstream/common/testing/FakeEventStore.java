package io.eventstream.common.testing;

import com.google.protobuf.Timestamp;
import io.eventstream.proto.eventstore.CreateEventRequest;
import io.eventstream.proto.eventstore.CreateEventResponse;
import io.eventstream.proto.eventstore.CreateEventResult;
import io.eventstream.proto.eventstore.CreateEventsRequest;
import io.eventstream.proto.eventstore.CreateEventsResponse;
import io.eventstream.proto.eventstore.Event;
import io.eventstream.proto.eventstore.EventStoreGrpc;
import io.eventstream.proto.eventstore.GetEventsRequest;
import io.eventstream.proto.eventstore.GetEventsResponse;
import io.grpc.Grpc;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * An in-memory event store behind a real gRPC server on a real socket, with the semantics
 * of the contract: idempotent on event_id (same content: duplicate; other content:
 * ALREADY_EXISTS; metadata does not count, as in the real store), expected_version checked
 * (ABORTED), GetEvents by id and aggregate, CreateEvents (each event as a CreateEvent of its own,
 * its failure in its result). Failures can be injected; the stored events
 * survive {@link #stop()} and {@link #start()}, which take it off and back on the same port.
 * It speaks mutual TLS with {@link TestPki}'s certificates: a service pointed at it needs
 * {@link TestPki#register} (it does not authorize by identity; the real store's access table is
 * eventstore-service's own tests' business).
 */
public final class FakeEventStore {

    private final Service service = new Service();
    private Server server;
    private int port;

    public static FakeEventStore started() {
        FakeEventStore store = new FakeEventStore();
        store.start();
        return store;
    }

    /** Starts listening, on the port of the previous start if there was one. */
    public synchronized void start() {
        try {
            // Mutual TLS as the real store (TestPki): the services under test run with their shipped TLS on.
            server = Grpc.newServerBuilderForPort(port, TestPki.serverCredentials())
                    .addService(service)
                    .addService(servingHealth())
                    .build()
                    .start();
            port = server.getPort();
        } catch (IOException e) {
            throw new IllegalStateException("fake event store did not start", e);
        }
    }

    public synchronized void stop() {
        if (server != null) {
            server.shutdownNow();
            try {
                server.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server = null;
        }
    }

    /** The settings a service under test needs to reach this store: its target, and TestPki's certificates. */
    public void register(DynamicPropertyRegistry registry) {
        registry.add("spring.grpc.client.channel.eventstore.target", this::target);
        TestPki.register(registry);
    }

    public String target() {
        return "static://127.0.0.1:" + port;
    }

    /** The next {@code count} CreateEvent calls fail with {@code status}; after storing the event if asked. */
    public void failNextCreates(int count, Status status, boolean afterStoring) {
        synchronized (service) {
            service.failures = count;
            service.failure = status;
            service.failAfterStoring = afterStoring;
        }
    }

    /**
     * Whether expected_version is checked before the event id, as a store may: a repeat of
     * a created event then answers ABORTED instead of ALREADY_EXISTS.
     */
    public void checkVersionFirst(boolean versionFirst) {
        synchronized (service) {
            service.versionFirst = versionFirst;
        }
    }

    public List<Event> events() {
        synchronized (service) {
            return List.copyOf(service.events.values());
        }
    }

    public List<Event> eventsOf(String aggregateId) {
        return events().stream().filter(e -> e.getAggregateId().equals(aggregateId)).toList();
    }

    public List<Event> eventsOfType(String eventType) {
        return events().stream().filter(e -> e.getEventType().equals(eventType)).toList();
    }

    public int createCalls() {
        synchronized (service) {
            return service.createCalls;
        }
    }

    /** CreateEvents calls (each of their events also counts in {@link #createCalls}). */
    public int createEventsCalls() {
        synchronized (service) {
            return service.createEventsCalls;
        }
    }

    public List<CreateEventRequest> requests() {
        synchronized (service) {
            return List.copyOf(service.requests);
        }
    }

    /** The aggregate ids of every GetEvents by aggregate so far, in call order (history reads). */
    public List<String> aggregateReads() {
        synchronized (service) {
            return List.copyOf(service.aggregateReads);
        }
    }

    /** Stores an event as if another writer had, bypassing every check; returns it as stored. */
    public Event put(Event event) {
        synchronized (service) {
            return service.store(event);
        }
    }

    /** Puts an event of the order as another writer (the original, an older worker) did: a random id. */
    public Event putOrderEvent(String stream, String type, String orderId, String data) {
        return put(Event.newBuilder().setEventId(UUID.randomUUID().toString()).setEventType(type)
                .setAggregateId(orderId).setAggregateType("order").setStream(stream).setEventData(data).build());
    }

    private static final class Service extends EventStoreGrpc.EventStoreImplBase {

        private final Map<String, Event> events = new LinkedHashMap<>();
        private final Map<String, Long> versions = new HashMap<>();
        private final List<CreateEventRequest> requests = new ArrayList<>();
        private final List<String> aggregateReads = new ArrayList<>();
        private long position;
        private int createCalls;
        private int createEventsCalls;
        private int failures;
        private Status failure;
        private boolean failAfterStoring;
        private boolean versionFirst;

        @Override
        public synchronized void createEvent(CreateEventRequest request,
                                             StreamObserver<CreateEventResponse> responses) {
            CreateEventResult result = append(request);
            if (result.getCode() != 0) {
                responses.onError(Status.fromCodeValue(result.getCode()).withDescription(result.getMessage())
                        .asRuntimeException());
                return;
            }
            respond(responses, result.getVersion(), result.getDuplicate());
        }

        /** As the real store: each event as if alone (each counts as a create call, injected failures included). */
        @Override
        public synchronized void createEvents(CreateEventsRequest request, StreamObserver<CreateEventsResponse> responses) {
            createEventsCalls++;
            CreateEventsResponse.Builder answer = CreateEventsResponse.newBuilder();
            request.getEventsList().forEach(one -> answer.addResults(append(one)));
            responses.onNext(answer.build());
            responses.onCompleted();
        }

        private CreateEventResult append(CreateEventRequest request) {
            createCalls++;
            requests.add(request);
            if (failures > 0 && !failAfterStoring) {
                failures--;
                return failed(failure);
            }
            Event event = request.getEvent();
            if (event.getEventId().isEmpty() || event.getAggregateId().isEmpty() || event.getEventType().isEmpty()) {
                return failed(Status.INVALID_ARGUMENT.withDescription("ids and type are required"));
            }
            long current = versions.getOrDefault(event.getAggregateId(), 0L);
            if (versionFirst && request.hasExpectedVersion() && request.getExpectedVersion() != current) {
                return failed(Status.ABORTED.withDescription("aggregate is at version " + current));
            }
            Event existing = events.get(event.getEventId());
            if (existing != null) {
                if (sameContent(existing, event)) {
                    return CreateEventResult.newBuilder().setVersion(existing.getVersion()).setDuplicate(true).build();
                }
                return failed(Status.ALREADY_EXISTS.withDescription("event id taken"));
            }
            if (request.hasExpectedVersion() && request.getExpectedVersion() != current) {
                return failed(Status.ABORTED.withDescription("aggregate is at version " + current));
            }
            Event stored = store(event);
            if (failures > 0 && failAfterStoring) {
                // Stored, but the answer is lost on the way back.
                failures--;
                return failed(failure);
            }
            return CreateEventResult.newBuilder().setVersion(stored.getVersion()).build();
        }

        private static CreateEventResult failed(Status status) {
            return CreateEventResult.newBuilder().setCode(status.getCode().value())
                    .setMessage(status.getDescription() == null ? "" : status.getDescription()).build();
        }

        private Event store(Event event) {
            long version = versions.getOrDefault(event.getAggregateId(), 0L) + 1;
            Instant now = Instant.now();
            // An event put with a time keeps it (a log written long ago); the store's own appends never carry one.
            Event stored = event.toBuilder()
                    .setVersion(version)
                    .setPosition(++position)
                    .setCreatedAt(event.hasCreatedAt() ? event.getCreatedAt()
                            : Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build())
                    .build();
            versions.put(event.getAggregateId(), version);
            events.put(event.getEventId(), stored);
            return stored;
        }

        private static boolean sameContent(Event a, Event b) {
            return a.getEventType().equals(b.getEventType())
                    && a.getAggregateId().equals(b.getAggregateId())
                    && a.getAggregateType().equals(b.getAggregateType())
                    && a.getEventData().equals(b.getEventData())
                    && a.getStream().equals(b.getStream());
        }

        private static void respond(StreamObserver<CreateEventResponse> responses, long version, boolean duplicate) {
            responses.onNext(CreateEventResponse.newBuilder()
                    .setIsSuccess(true).setVersion(version).setDuplicate(duplicate).build());
            responses.onCompleted();
        }

        @Override
        public synchronized void getEvents(GetEventsRequest request, StreamObserver<GetEventsResponse> responses) {
            GetEventsResponse.Builder answer = GetEventsResponse.newBuilder();
            if (!request.getAggregateId().isEmpty()) {
                aggregateReads.add(request.getAggregateId());
            }
            // As the real store: after from_position in position order (every event here has one), at most limit.
            events.values().stream()
                    .filter(e -> request.getEventId().isEmpty() || e.getEventId().equals(request.getEventId()))
                    .filter(e -> request.getAggregateId().isEmpty()
                            || e.getAggregateId().equals(request.getAggregateId()))
                    .filter(e -> e.getPosition() > request.getFromPosition())
                    .sorted(java.util.Comparator.comparingLong(Event::getPosition))
                    .limit(request.getLimit() > 0 ? request.getLimit() : Long.MAX_VALUE)
                    .forEach(answer::addEvents);
            responses.onNext(answer.build());
            responses.onCompleted();
        }

        /** The last position handed out, as the real store's GetLogEnd. */
        @Override
        public synchronized void getLogEnd(io.eventstream.proto.eventstore.GetLogEndRequest request,
                                           StreamObserver<io.eventstream.proto.eventstore.LogEnd> responses) {
            responses.onNext(io.eventstream.proto.eventstore.LogEnd.newBuilder().setPosition(position).build());
            responses.onCompleted();
        }
    }

    /** grpc.health.v1 as the real store answers it while its database is up (the clients' readiness asks). */
    private static io.grpc.BindableService servingHealth() {
        HealthStatusManager health = new HealthStatusManager();
        health.setStatus("eventstore", io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING);
        return health.getHealthService();
    }
}
