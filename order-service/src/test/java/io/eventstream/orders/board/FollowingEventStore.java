package io.eventstream.orders.board;

import com.google.protobuf.Timestamp;
import io.eventstream.common.testing.TestPki;
import io.eventstream.proto.eventstore.Event;
import io.eventstream.proto.eventstore.EventStoreGrpc;
import io.eventstream.proto.eventstore.GetEventsRequest;
import io.eventstream.proto.eventstore.GetLogEndRequest;
import io.eventstream.proto.eventstore.LogEnd;
import io.grpc.Grpc;
import io.grpc.Server;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * GetEventsStream with follow = true, as the real store serves it (catch-up after
 * from_position, then live), and GetLogEnd, on a real socket. Common's FakeEventStore has no streaming RPC.
 */
final class FollowingEventStore implements AutoCloseable {

    private final List<Event> events = new ArrayList<>();
    private final List<StreamObserver<Event>> followers = new ArrayList<>();
    private final List<Long> requestedPositions = new ArrayList<>();
    private final AtomicInteger streams = new AtomicInteger();
    private final Server server;

    FollowingEventStore() {
        try {
            server = Grpc.newServerBuilderForPort(0, TestPki.serverCredentials())
                    .addService(new Service())
                    .build()
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String target() {
        return "static://127.0.0.1:" + server.getPort();
    }

    /** Stores an event at the next position and sends it to every open stream. */
    synchronized Event append(String type, String aggregateId, long version) {
        Instant now = Instant.now();
        Event event = Event.newBuilder().setEventId(java.util.UUID.randomUUID().toString()).setEventType(type)
                .setAggregateId(aggregateId).setAggregateType("order").setVersion(version)
                .setPosition(events.size() + 1)
                .setCreatedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                .build();
        events.add(event);
        for (StreamObserver<Event> follower : followers) {
            follower.onNext(event);
        }
        return event;
    }

    /** Ends every open stream with an error, as a store restart would. */
    synchronized void breakStreams() {
        for (StreamObserver<Event> follower : followers) {
            follower.onError(io.grpc.Status.UNAVAILABLE.asRuntimeException());
        }
        followers.clear();
    }

    int streamsOpened() {
        return streams.get();
    }

    synchronized List<Long> requestedPositions() {
        return List.copyOf(requestedPositions);
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private final class Service extends EventStoreGrpc.EventStoreImplBase {

        @Override
        public void getLogEnd(GetLogEndRequest request, StreamObserver<LogEnd> response) {
            synchronized (FollowingEventStore.this) {
                response.onNext(LogEnd.newBuilder().setPosition(events.size()).build());
            }
            response.onCompleted();
        }

        @Override
        public void getEventsStream(GetEventsRequest request, StreamObserver<Event> responses) {
            streams.incrementAndGet();
            synchronized (FollowingEventStore.this) {
                requestedPositions.add(request.getFromPosition());
                for (Event event : events) {
                    if (event.getPosition() > request.getFromPosition()) {
                        responses.onNext(event);
                    }
                }
                if (request.getFollow()) {
                    followers.add(responses);
                    ((ServerCallStreamObserver<Event>) responses).setOnCancelHandler(() -> {
                        synchronized (FollowingEventStore.this) {
                            followers.remove(responses);
                        }
                    });
                } else {
                    responses.onCompleted();
                }
            }
        }
    }
}
