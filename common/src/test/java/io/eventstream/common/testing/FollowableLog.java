package io.eventstream.common.testing;

import com.google.protobuf.Timestamp;
import io.eventstream.proto.eventstore.Event;
import io.eventstream.proto.eventstore.EventStoreGrpc;
import io.eventstream.proto.eventstore.GetEventsRequest;
import io.eventstream.proto.eventstore.GetLogEndRequest;
import io.eventstream.proto.eventstore.LogEnd;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The event store's log on a real socket, as a follower reads it: GetEventsStream (catch-up after
 * from_position, then live while following) and GetLogEnd. {@link FakeEventStore} has no streaming RPC.
 */
public final class FollowableLog implements AutoCloseable {

    private final List<Event> events = new ArrayList<>();
    private final List<StreamObserver<Event>> followers = new ArrayList<>();
    private final List<Long> requestedPositions = new ArrayList<>();
    private final AtomicInteger streams = new AtomicInteger();
    private final Server server;

    private FollowableLog(ServerCredentials credentials) {
        try {
            server = Grpc.newServerBuilderForPort(0, credentials).addService(new Service()).build().start();
        } catch (IOException e) {
            throw new IllegalStateException("the log did not start", e);
        }
    }

    /** With mutual TLS and {@link TestPki}'s certificates, as a service under test with its shipped TLS speaks. */
    public static FollowableLog withTls() {
        return new FollowableLog(TestPki.serverCredentials());
    }

    /** Without TLS, for a client a test makes itself. */
    public static FollowableLog plaintext() {
        return new FollowableLog(InsecureServerCredentials.create());
    }

    public int port() {
        return server.getPort();
    }

    public String target() {
        return "static://127.0.0.1:" + port();
    }

    /** An event of a random id, no body, created now, appended as {@link #append(Event.Builder)} does. */
    public Event append(String type, String aggregateId, long version) {
        return append(event(type, aggregateId, version, Instant.now()).setEventId(UUID.randomUUID().toString()));
    }

    /** An event of id {@code <aggregate>/<version>}, appended as {@link #append(Event.Builder)} does. */
    public Event append(String type, String aggregateId, long version, String body, Instant createdAt) {
        return append(event(type, aggregateId, version, createdAt).setEventId(aggregateId + "/" + version)
                .setEventData(body));
    }

    /** Stores the event at the next position and sends it to every open stream. */
    public synchronized Event append(Event.Builder builder) {
        Event event = builder.setPosition(events.size() + 1).build();
        events.add(event);
        followers.forEach(follower -> follower.onNext(event));
        return event;
    }

    /** Ends every open stream with an error, as a store restart would. */
    public synchronized void breakStreams() {
        followers.forEach(follower -> follower.onError(Status.UNAVAILABLE.asRuntimeException()));
        followers.clear();
    }

    public int streamsOpened() {
        return streams.get();
    }

    public synchronized List<Long> requestedPositions() {
        return List.copyOf(requestedPositions);
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private static Event.Builder event(String type, String aggregateId, long version, Instant createdAt) {
        return Event.newBuilder().setEventType(type).setAggregateId(aggregateId).setAggregateType("order")
                .setVersion(version)
                .setCreatedAt(Timestamp.newBuilder().setSeconds(createdAt.getEpochSecond()).setNanos(createdAt.getNano()));
    }

    private final class Service extends EventStoreGrpc.EventStoreImplBase {

        @Override
        public void getLogEnd(GetLogEndRequest request, StreamObserver<LogEnd> response) {
            synchronized (FollowableLog.this) {
                response.onNext(LogEnd.newBuilder().setPosition(events.size()).build());
            }
            response.onCompleted();
        }

        @Override
        public void getEventsStream(GetEventsRequest request, StreamObserver<Event> responses) {
            streams.incrementAndGet();
            synchronized (FollowableLog.this) {
                requestedPositions.add(request.getFromPosition());
                events.stream().filter(event -> event.getPosition() > request.getFromPosition())
                        .forEach(responses::onNext);
                if (!request.getFollow()) {
                    responses.onCompleted();
                    return;
                }
                followers.add(responses);
                ((ServerCallStreamObserver<Event>) responses).setOnCancelHandler(() -> {
                    synchronized (FollowableLog.this) {
                        followers.remove(responses);
                    }
                });
            }
        }
    }
}
