package io.eventstream.eventstore.grpc;

import io.eventstream.eventstore.access.AppendPermission;
import io.eventstream.eventstore.append.EventAppender;
import io.eventstream.eventstore.append.InvalidEventException;
import io.eventstream.eventstore.read.EventQuery;
import io.eventstream.eventstore.read.EventReader;
import io.eventstream.eventstore.read.StoredEvent;
import io.eventstream.proto.eventstore.CreateEventRequest;
import io.eventstream.proto.eventstore.CreateEventResponse;
import io.eventstream.proto.eventstore.CreateEventsRequest;
import io.eventstream.proto.eventstore.CreateEventsResponse;
import io.eventstream.proto.eventstore.Event;
import io.eventstream.proto.eventstore.EventStoreGrpc;
import io.eventstream.proto.eventstore.GetEventsRequest;
import io.eventstream.proto.eventstore.GetEventsResponse;
import io.eventstream.proto.eventstore.GetLogEndRequest;
import io.eventstream.proto.eventstore.LogEnd;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The EventStore gRPC service of the contract, with its extensions. Its calls start on the Netty
 * thread that read them (grpc.GrpcServerConfiguration): CreateEvent never blocks (it queues the
 * event and answers from the append writer); the reads, which wait for the database, and the
 * live streams, which hold a thread while they follow, run on {@code blocking}.
 */
public class EventStoreGrpcService extends EventStoreGrpc.EventStoreImplBase {

    private final EventAppender appender;
    private final EventReader reader;
    private final LiveFollower follower;
    private final int maxReadLimit;
    private final Executor blocking;
    private final Counter appendedCounter;
    private final Counter duplicateCounter;
    private final BatchAppends batchAppends;

    /**
     * @param permission       who may append which type, asked per event of a CreateEvents (a CreateEvent
     *                         is decided before it gets here: security.AppendAuthorization)
     * @param maxBatchEvents   most events one CreateEvents may carry
     */
    public EventStoreGrpcService(EventAppender appender, EventReader reader, LiveFollower follower, int maxReadLimit,
                                 Executor blocking, AppendPermission permission, int maxBatchEvents,
                                 MeterRegistry meters) {
        this.blocking = blocking;
        this.appender = appender;
        this.reader = reader;
        this.follower = follower;
        this.maxReadLimit = maxReadLimit;
        this.appendedCounter = Counter.builder("eventstore.events.appended").register(meters);
        this.duplicateCounter = Counter.builder("eventstore.events.duplicates")
                .description("CreateEvent calls that repeated an event already stored").register(meters);
        this.batchAppends = new BatchAppends(appender, permission, maxBatchEvents, appendedCounter, duplicateCounter,
                meters);
    }

    /** Answers after the event's group commit (see {@link EventAppender}), without holding a thread meanwhile. */
    @Override
    public void createEvent(CreateEventRequest request, StreamObserver<CreateEventResponse> response) {
        try {
            if (!request.hasEvent()) {
                throw new InvalidEventException("event is required");
            }
            OptionalLong expected = request.hasExpectedVersion()
                    ? OptionalLong.of(request.getExpectedVersion()) : OptionalLong.empty();
            appender.append(ProtoEvents.toNewEvent(request.getEvent()), expected).whenComplete((outcome, failure) -> {
                if (failure != null) {
                    response.onError(GrpcErrors.toStatus(failure));
                    return;
                }
                (outcome.duplicate() ? duplicateCounter : appendedCounter).increment();
                response.onNext(CreateEventResponse.newBuilder()
                        .setIsSuccess(true)
                        .setVersion(outcome.version())
                        .setDuplicate(outcome.duplicate())
                        .build());
                response.onCompleted();
            });
        } catch (RuntimeException e) {
            response.onError(GrpcErrors.toStatus(e));
        }
    }

    /** Extension: several appends in one call, each with its own result ({@link BatchAppends}). */
    @Override
    public void createEvents(CreateEventsRequest request, StreamObserver<CreateEventsResponse> response) {
        try {
            batchAppends.append(request).whenComplete((answer, failure) -> {
                if (failure != null) {
                    response.onError(GrpcErrors.toStatus(failure));
                    return;
                }
                response.onNext(answer);
                response.onCompleted();
            });
        } catch (RuntimeException e) {
            response.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void getEvents(GetEventsRequest request, StreamObserver<GetEventsResponse> response) {
        offload(response, () -> {
            List<StoredEvent> events = reader.read(query(request));
            response.onNext(GetEventsResponse.newBuilder()
                    .addAllEvents(events.stream().map(ProtoEvents::toProto).toList())
                    .build());
            response.onCompleted();
        });
    }

    @Override
    public void getEventsStream(GetEventsRequest request, StreamObserver<Event> response) {
        Runnable stream = follower.streamOf(request, response); // here, on the call's thread: see ReadyGate
        offload(response, () -> {
            requireNonNegative(request);
            stream.run();
        });
    }

    /** Extension: where the log ends now, so a live follower can start near it (order-service's board). */
    @Override
    public void getLogEnd(GetLogEndRequest request, StreamObserver<LogEnd> response) {
        offload(response, () -> {
            response.onNext(LogEnd.newBuilder().setPosition(reader.logEnd()).build());
            response.onCompleted();
        });
    }

    /** Runs a call that blocks off the Netty thread, in the call's gRPC context (its identity, its cancellation). */
    private void offload(StreamObserver<?> response, Runnable call) {
        Runnable answered = () -> {
            try {
                call.run();
            } catch (RuntimeException e) {
                response.onError(GrpcErrors.toStatus(e));
            }
        };
        try {
            blocking.execute(Context.current().wrap(answered));
        } catch (RejectedExecutionException e) {
            response.onError(Status.UNAVAILABLE.withDescription("the event store is stopping").asRuntimeException());
        }
    }

    private static void requireNonNegative(GetEventsRequest request) {
        if (request.getFromPosition() < 0 || request.getLimit() < 0) {
            throw new InvalidEventException("from_position and limit must not be negative");
        }
    }

    private EventQuery query(GetEventsRequest request) {
        requireNonNegative(request);
        int limit = request.getLimit() == 0 ? maxReadLimit : Math.min(request.getLimit(), maxReadLimit);
        return new EventQuery(request.getEventId(), request.getAggregateId(), request.getFromPosition(), limit,
                request.getEventTypesList());
    }
}
