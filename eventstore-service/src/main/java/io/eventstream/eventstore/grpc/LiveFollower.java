package io.eventstream.eventstore.grpc;

import io.eventstream.eventstore.outbox.Signal;
import io.eventstream.eventstore.read.EventQuery;
import io.eventstream.eventstore.read.EventReader;
import io.eventstream.eventstore.read.StoredEvent;
import io.eventstream.proto.eventstore.Event;
import io.eventstream.proto.eventstore.GetEventsRequest;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import org.springframework.context.SmartLifecycle;

/**
 * GetEventsStream: catch up from a position, then, with follow, stay live until the
 * client cancels. It reads by global position only, and positions are handed out in
 * commit order, so it never misses or repeats an event even while writers commit out
 * of order.
 */
public class LiveFollower implements SmartLifecycle {

    private final EventReader reader;
    private final Signal positioned;
    private final Duration poll;
    private final int page;
    private volatile boolean running;

    public LiveFollower(EventReader reader, Signal positioned, Duration poll, int page) {
        this.reader = reader;
        this.positioned = positioned;
        this.poll = poll;
        this.page = page;
    }

    void stream(GetEventsRequest request, StreamObserver<Event> observer) {
        ServerCallStreamObserver<Event> call = (ServerCallStreamObserver<Event>) observer;
        long position = request.getFromPosition();
        long remaining = request.getLimit() == 0 ? Long.MAX_VALUE : request.getLimit();
        EventQuery query = new EventQuery(request.getEventId(), request.getAggregateId(), position, page,
                request.getEventTypesList());
        try {
            while (!call.isCancelled()) {
                long seen = positioned.generation();
                List<StoredEvent> read = reader.readPositioned(query.after(position, (int) Math.min(page, remaining)));
                for (StoredEvent event : read) {
                    call.onNext(ProtoEvents.toProto(event));
                    position = event.position();
                    remaining--;
                }
                if (remaining == 0 || (!request.getFollow() && read.size() < page)) {
                    call.onCompleted();
                    return;
                }
                if (!running) {
                    call.onError(Status.UNAVAILABLE.withDescription("event store shutting down; resume from position "
                            + position).asRuntimeException());
                    return;
                }
                if (read.size() < page) {
                    positioned.awaitAfter(seen, poll);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.onError(Status.UNAVAILABLE.withDescription("interrupted").asRuntimeException());
        } catch (RuntimeException e) {
            if (!call.isCancelled()) {
                throw e;
            }
            // The client went away while we were sending: nothing to answer.
        }
    }

    @Override
    public void start() {
        running = true;
    }

    /** Ends live streams before the gRPC server waits for its calls to finish. */
    @Override
    public void stop() {
        running = false;
        positioned.fire();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
