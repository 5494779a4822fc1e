package io.eventstream.eventstore.grpc;

import io.eventstream.eventstore.access.AccessDecision;
import io.eventstream.eventstore.access.AppendPermission;
import io.eventstream.eventstore.append.AppendOutcome;
import io.eventstream.eventstore.append.EventAppender;
import io.eventstream.eventstore.append.InvalidEventException;
import io.eventstream.proto.eventstore.CreateEventRequest;
import io.eventstream.proto.eventstore.CreateEventResult;
import io.eventstream.proto.eventstore.CreateEventsRequest;
import io.eventstream.proto.eventstore.CreateEventsResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * CreateEvents: each event goes the way of a CreateEvent of its own (authorized by its type,
 * validated, queued on the {@link EventAppender}, so grouped into commits exactly like
 * concurrent CreateEvent calls) and gets the status that call would have answered, as a
 * {@link CreateEventResult}. The answer goes once every event is settled. One refused event
 * never fails the others; the call fails as a whole only for more than {@code maxEvents} events.
 */
final class BatchAppends {

    private final EventAppender appender;
    private final AppendPermission permission;
    private final int maxEvents;
    private final Counter appended;
    private final Counter duplicates;
    private final DistributionSummary sizes;

    BatchAppends(EventAppender appender, AppendPermission permission, int maxEvents, Counter appended,
                 Counter duplicates, MeterRegistry meters) {
        this.appender = appender;
        this.permission = permission;
        this.maxEvents = maxEvents;
        this.appended = appended;
        this.duplicates = duplicates;
        this.sizes = DistributionSummary.builder("eventstore.createevents.events")
                .description("Events per CreateEvents call").register(meters);
    }

    /** The answer, once every event is settled; throws InvalidEventException for a request too large. */
    CompletableFuture<CreateEventsResponse> append(CreateEventsRequest request) {
        int count = request.getEventsCount();
        if (count > maxEvents) {
            throw new InvalidEventException("CreateEvents takes at most " + maxEvents + " events, got " + count);
        }
        sizes.record(count);
        List<CompletableFuture<CreateEventResult>> results = new ArrayList<>(count);
        for (CreateEventRequest one : request.getEventsList()) {
            results.add(appendOne(one));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(done -> {
            CreateEventsResponse.Builder response = CreateEventsResponse.newBuilder();
            results.forEach(r -> response.addResults(r.join()));
            return response.build();
        });
    }

    /** Never completes exceptionally: every failure becomes that event's result. */
    private CompletableFuture<CreateEventResult> appendOne(CreateEventRequest request) {
        try {
            if (!request.hasEvent()) {
                throw new InvalidEventException("event is required");
            }
            AccessDecision decision = permission.forCurrentCaller(request.getEvent().getEventType());
            if (!decision.allowed()) {
                return CompletableFuture.completedFuture(failed(Status.PERMISSION_DENIED.withDescription(decision.message())
                        .asRuntimeException()));
            }
            OptionalLong expected = request.hasExpectedVersion()
                    ? OptionalLong.of(request.getExpectedVersion()) : OptionalLong.empty();
            return appender.append(ProtoEvents.toNewEvent(request.getEvent()), expected)
                    .handle((outcome, failure) -> failure == null ? stored(outcome) : failed(GrpcErrors.toStatus(failure)));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(failed(GrpcErrors.toStatus(e)));
        }
    }

    private CreateEventResult stored(AppendOutcome outcome) {
        (outcome.duplicate() ? duplicates : appended).increment();
        return CreateEventResult.newBuilder()
                .setCode(Status.Code.OK.value())
                .setVersion(outcome.version())
                .setDuplicate(outcome.duplicate())
                .build();
    }

    private static CreateEventResult failed(StatusRuntimeException status) {
        CreateEventResult.Builder result = CreateEventResult.newBuilder()
                .setCode(status.getStatus().getCode().value())
                .setMessage(status.getStatus().getDescription() == null ? "" : status.getStatus().getDescription());
        String current = status.getTrailers() == null ? null : status.getTrailers().get(GrpcErrors.CURRENT_VERSION);
        if (current != null) {
            result.setCurrentVersion(Long.parseLong(current));
        }
        return result.build();
    }
}
