package io.eventstream.querymodel.hourly;

import com.google.protobuf.Timestamp;
import io.eventstream.proto.eventstore.Event;
import io.eventstream.proto.eventstore.EventStoreGrpc;
import io.eventstream.proto.eventstore.GetEventsRequest;
import io.eventstream.proto.eventstore.GetLogEndRequest;
import io.eventstream.proto.eventstore.LogEnd;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The event store's log on a real socket, as a rebuild reads it: GetEventsStream (catch-up after
 * from_position, then live when following) and GetLogEnd. Common's FakeEventStore has no streaming RPC.
 */
final class LogStore implements AutoCloseable {

    private final List<Event> events = new ArrayList<>();
    private final List<StreamObserver<Event>> followers = new ArrayList<>();
    private final Server server;

    LogStore() {
        try {
            server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                    .addService(new Service()).build().start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    int port() {
        return server.getPort();
    }

    /** Appends at the next position, as the store's relay would publish it. */
    synchronized Event append(String type, String aggregateId, long version, String body, Instant createdAt) {
        Event event = Event.newBuilder().setEventId(aggregateId + "/" + version).setEventType(type)
                .setAggregateId(aggregateId).setAggregateType("order").setVersion(version).setEventData(body)
                .setPosition(events.size() + 1)
                .setCreatedAt(Timestamp.newBuilder().setSeconds(createdAt.getEpochSecond()).setNanos(createdAt.getNano()))
                .build();
        events.add(event);
        followers.forEach(follower -> follower.onNext(event));
        return event;
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private final class Service extends EventStoreGrpc.EventStoreImplBase {

        @Override
        public void getLogEnd(GetLogEndRequest request, StreamObserver<LogEnd> response) {
            synchronized (LogStore.this) {
                response.onNext(LogEnd.newBuilder().setPosition(events.size()).build());
            }
            response.onCompleted();
        }

        @Override
        public void getEventsStream(GetEventsRequest request, StreamObserver<Event> responses) {
            synchronized (LogStore.this) {
                events.stream().filter(event -> event.getPosition() > request.getFromPosition())
                        .forEach(responses::onNext);
                if (!request.getFollow()) {
                    responses.onCompleted();
                    return;
                }
                followers.add(responses);
                ((ServerCallStreamObserver<Event>) responses).setOnCancelHandler(() -> {
                    synchronized (LogStore.this) {
                        followers.remove(responses);
                    }
                });
            }
        }
    }
}
