package io.eventstream.common.eventstore;

import com.google.common.util.concurrent.ListenableFuture;
import io.eventstream.common.tracing.EventTracing;
import io.eventstream.proto.eventstore.CreateEventRequest;
import io.eventstream.proto.eventstore.CreateEventResponse;
import io.eventstream.proto.eventstore.CreateEventsRequest;
import io.eventstream.proto.eventstore.CreateEventsResponse;
import io.eventstream.proto.eventstore.Event;
import io.eventstream.proto.eventstore.EventStoreGrpc;
import io.eventstream.proto.eventstore.GetEventsRequest;
import io.eventstream.proto.eventstore.GetLogEndRequest;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The one way services talk to the event store: a single long-lived channel (not a
 * connection per call, as the original did), a deadline on every call, and gRPC
 * failures turned into {@link EventStoreException}.
 *
 * <p>An appended event carries the caller's trace context in its metadata ({@code
 * traceparent}, unless the caller set one): the store publishes it with the event, so
 * the consumers' spans join the caller's trace.
 *
 * <p>Appends made at the same time by several threads (a worker's batch, concurrent requests) go
 * to the store together, as one {@code CreateEvents}, each still answered as if alone
 * ({@link AppendCoalescer}, {@link AppendBatching}); the trace context is put in each event's
 * metadata on its caller's thread, before that.
 */
public class EventStoreClient {

    private final EventStoreGrpc.EventStoreBlockingStub stub;
    private final EventStoreGrpc.EventStoreStub asyncStub;
    private final EventStoreGrpc.EventStoreFutureStub futureStub;
    private final Duration deadline;
    private final EventTracing tracing;
    /** Null: every append is a CreateEvent of its own. */
    private final AppendCoalescer coalescer;
    private final ListAppender lists;

    public EventStoreClient(Channel channel, Duration deadline) {
        this(channel, deadline, EventTracing.noop());
    }

    public EventStoreClient(Channel channel, Duration deadline, EventTracing tracing) {
        this(channel, deadline, tracing, AppendBatching.defaults());
    }

    public EventStoreClient(Channel channel, Duration deadline, EventTracing tracing, AppendBatching batching) {
        this.stub = EventStoreGrpc.newBlockingStub(channel);
        this.asyncStub = EventStoreGrpc.newStub(channel);
        this.futureStub = EventStoreGrpc.newFutureStub(channel);
        this.deadline = deadline;
        this.tracing = tracing;
        CreateEventsSupport support = new CreateEventsSupport(batching.reprobeAfter().toNanos());
        this.coalescer = !batching.enabled() ? null : new AppendCoalescer(new AppendCoalescer.Calls() {
            @Override
            public CreateEventResponse one(CreateEventRequest request) {
                return withDeadline().createEvent(request);
            }

            @Override
            public CreateEventsResponse many(CreateEventsRequest request) {
                return withDeadline().createEvents(request);
            }
        }, batching.inFlight(), batching.maxEvents(), batching.maxBytes(), support);
        // With batching off, a list goes as one CreateEvent per event (all at once, as before).
        this.lists = new ListAppender(new ListAppender.Calls() {
            @Override
            public ListenableFuture<CreateEventResponse> one(CreateEventRequest request) {
                return futureWithDeadline().createEvent(request);
            }

            @Override
            public ListenableFuture<CreateEventsResponse> many(CreateEventsRequest request) {
                return futureWithDeadline().createEvents(request);
            }
        }, batching.enabled() ? batching.maxEvents() : 1, batching.maxBytes(), support);
    }

    /** Appends at the next version of the aggregate. */
    public AppendResult append(Event event) {
        return append(CreateEventRequest.newBuilder().setEvent(event).build());
    }

    /** Appends only if the aggregate is still at {@code expectedVersion} (0: new aggregate). */
    public AppendResult append(Event event, long expectedVersion) {
        return append(CreateEventRequest.newBuilder().setEvent(event).setExpectedVersion(expectedVersion).build());
    }

    private AppendResult append(CreateEventRequest request) {
        request = withTraceContext(request);
        if (coalescer != null) {
            return coalescer.append(request);
        }
        try {
            CreateEventResponse response = withDeadline().createEvent(request);
            return AppendResult.of(response);
        } catch (StatusRuntimeException e) {
            throw EventStoreException.from(e);
        }
    }

    private CreateEventRequest withTraceContext(CreateEventRequest request) {
        Event traced = traced(request.getEvent());
        return traced == request.getEvent() ? request : request.toBuilder().setEvent(traced).build();
    }

    /**
     * The event with the current trace context in its metadata (unless it has one already), as
     * {@link #append} sends it. For {@link #appendEach}, which adds none: call it for each event
     * with that event's own span current.
     */
    public Event traced(Event event) {
        var context = tracing.currentContext();
        if (context.isEmpty() || event.containsMetadata(EventTracing.TRACEPARENT)) {
            return event;
        }
        Event.Builder traced = event.toBuilder();
        context.forEach((key, value) -> {
            if (!traced.containsMetadata(key)) {
                traced.putMetadata(key, value);
            }
        });
        return traced.build();
    }

    /**
     * Appends several events with one wait: in as few CreateEvents calls as fit, sent at once
     * ({@link ListAppender}), so a worker's batch needs no thread per event. Each event gets the
     * outcome a CreateEvent of its own would have given, its failure included: one refused event
     * never fails the others. The events go as they are: each carries its own trace context
     * ({@link #traced}). Throws only when interrupted.
     *
     * @return each event's outcome, in the order given
     */
    public List<AppendOutcome> appendEach(List<EventToAppend> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        return lists.appendEach(events.stream().map(EventToAppend::request).toList());
    }

    /** The channel the client calls over (shared with its health check). */
    Channel channel() {
        return stub.getChannel();
    }

    /** Every event of one aggregate, in version order. */
    public List<Event> eventsOf(String aggregateId) {
        return get(GetEventsRequest.newBuilder().setAggregateId(aggregateId).build());
    }

    public Optional<Event> event(String eventId) {
        return get(GetEventsRequest.newBuilder().setEventId(eventId).build()).stream().findFirst();
    }

    public List<Event> get(GetEventsRequest request) {
        try {
            return withDeadline().getEvents(request).getEventsList();
        } catch (StatusRuntimeException e) {
            throw EventStoreException.from(e);
        }
    }

    /** The position of the last event in the log (0: empty): {@code GetLogEnd}, an extension. */
    public long logEnd() {
        try {
            return withDeadline().getLogEnd(GetLogEndRequest.getDefaultInstance()).getPosition();
        } catch (StatusRuntimeException e) {
            throw EventStoreException.from(e);
        }
    }

    /**
     * Follows the log: {@code GetEventsStream} with {@code follow = true} from {@code fromPosition}
     * (the store may send that position again: a follower skips what it has seen). Unlike every
     * other call it has no deadline: a gRPC deadline bounds the whole call, and this one is meant
     * to stay open; the listener hears when it ends and follows again after its last position.
     */
    public LiveEvents follow(long fromPosition, LiveEvents.Listener listener) {
        GetEventsRequest request = GetEventsRequest.newBuilder()
                .setFromPosition(fromPosition)
                .setFollow(true)
                .build();
        // A context of its own: cancelling it ends this call only, and it does not inherit the
        // caller's deadline or cancellation (an HTTP request's, say), as the feed outlives it.
        Context.CancellableContext call = Context.ROOT.withCancellation();
        LiveEvents live = new LiveEvents(call);
        call.run(() -> asyncStub.getEventsStream(request, new StreamObserver<>() {
            @Override
            public void onNext(Event event) {
                listener.onEvent(event);
            }

            @Override
            public void onError(Throwable t) {
                if (!live.isClosed()) {
                    listener.onEnd(EventStoreException.from(Status.fromThrowable(t).asRuntimeException()));
                }
            }

            @Override
            public void onCompleted() {
                if (!live.isClosed()) {
                    listener.onEnd(null);
                }
            }
        }));
        return live;
    }

    private EventStoreGrpc.EventStoreFutureStub futureWithDeadline() {
        return futureStub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private EventStoreGrpc.EventStoreBlockingStub withDeadline() {
        return stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }
}
