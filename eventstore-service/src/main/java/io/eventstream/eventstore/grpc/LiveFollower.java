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
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import org.springframework.context.SmartLifecycle;

/**
 * GetEventsStream: catch up from a position, then, with follow, stay live until the
 * client cancels. It reads by global position only, and positions are handed out in
 * commit order, so it never misses or repeats an event even while writers commit out
 * of order. It sends only while the call can take more ({@link ReadyGate}): a page at a time
 * from the database (the next one read while one is sent), and no faster than the reader reads.
 */
public class LiveFollower implements SmartLifecycle {

    private final EventReader reader;
    private final Signal positioned;
    private final Duration poll;
    private final int page;
    private final Counter sent;
    private final Executor readAheads;
    private volatile boolean running;

    public LiveFollower(EventReader reader, Signal positioned, Duration poll, int page, Executor readAheads,
                        MeterRegistry meters) {
        this.reader = reader;
        this.readAheads = readAheads;
        this.positioned = positioned;
        this.poll = poll;
        this.page = page;
        this.sent = Counter.builder("eventstore.stream.sent")
                .description("events sent to GetEventsStream readers (catch-up and live)").register(meters);
    }

    /**
     * The stream of this call, to run on a thread that may block. Called on the call's own thread:
     * it registers the call's ready handler ({@link ReadyGate}), which gRPC accepts only there.
     */
    Runnable streamOf(GetEventsRequest request, StreamObserver<Event> observer) {
        ServerCallStreamObserver<Event> call = (ServerCallStreamObserver<Event>) observer;
        ReadyGate ready = new ReadyGate(call);
        return () -> stream(request, call, ready);
    }

    private void stream(GetEventsRequest request, ServerCallStreamObserver<Event> call, ReadyGate ready) {
        long position = request.getFromPosition();
        long remaining = request.getLimit() == 0 ? Long.MAX_VALUE : request.getLimit();
        EventQuery query = new EventQuery(request.getEventId(), request.getAggregateId(), position, page,
                request.getEventTypesList());
        BooleanSupplier stillRunning = () -> running; // once per call, not once per event sent
        try {
            Page read = read(query, position, remaining);
            while (!call.isCancelled()) {
                CompletableFuture<Page> next = readAhead(query, read, remaining);
                for (StoredEvent event : read.events()) {
                    if (!ready.awaitReady(stillRunning)) {
                        if (!call.isCancelled()) {
                            call.onError(stopping(position));
                        }
                        return;
                    }
                    call.onNext(ProtoEvents.toProto(event));
                    sent.increment();
                    position = event.position();
                    remaining--;
                }
                if (remaining == 0 || (!request.getFollow() && read.events().size() < page)) {
                    call.onCompleted();
                    return;
                }
                if (!running) {
                    call.onError(stopping(position));
                    return;
                }
                if (next != null) {
                    read = next.join();
                    continue;
                }
                if (read.events().size() < page) {
                    positioned.awaitAfter(read.seen(), poll);
                }
                read = read(query, position, remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.onError(Status.UNAVAILABLE.withDescription("interrupted").asRuntimeException());
        } catch (CompletionException e) {
            rethrowUnlessCancelled(call, e.getCause() instanceof RuntimeException cause ? cause : e);
        } catch (RuntimeException e) {
            rethrowUnlessCancelled(call, e);
        }
    }

    /** Up to a page of positioned events after {@code position}, and the signal's generation before the read. */
    private Page read(EventQuery query, long position, long remaining) {
        long seen = positioned.generation();
        return new Page(seen, reader.readPositioned(query.after(position, (int) Math.min(page, remaining))));
    }

    /**
     * After a full page (a catch-up), the next one is read while this one is sent: a catch-up is
     * bound by the one thread that sends, so the database's time for each page is hidden behind it
     * instead of added to it. Still one read at a time per call, so one connection at most.
     */
    private CompletableFuture<Page> readAhead(EventQuery query, Page read, long remaining) {
        List<StoredEvent> events = read.events();
        long after = remaining - events.size();
        if (events.size() < page || after <= 0) {
            return null;
        }
        long last = events.get(events.size() - 1).position();
        return CompletableFuture.supplyAsync(() -> read(query, last, after), readAheads);
    }

    private static void rethrowUnlessCancelled(ServerCallStreamObserver<Event> call, RuntimeException e) {
        if (!call.isCancelled()) {
            throw e;
        }
        // The client went away while we were sending: nothing to answer.
    }

    /** A page of the log, and the positioned signal's generation read before it. */
    private record Page(long seen, List<StoredEvent> events) {
    }

    private static RuntimeException stopping(long position) {
        return Status.UNAVAILABLE.withDescription("event store shutting down; resume from position " + position)
                .asRuntimeException();
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
