package io.eventstream.common.eventstore;

import io.eventstream.proto.eventstore.CreateEventRequest;
import io.eventstream.proto.eventstore.CreateEventResponse;
import io.eventstream.proto.eventstore.Event;
import io.eventstream.proto.eventstore.EventStoreGrpc;
import io.eventstream.proto.eventstore.GetEventsRequest;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The one way services talk to the event store: a single long-lived channel (not a
 * connection per call, as the original did), a deadline on every call, and gRPC
 * failures turned into {@link EventStoreException}.
 */
public class EventStoreClient {

    private final EventStoreGrpc.EventStoreBlockingStub stub;
    private final Duration deadline;

    public EventStoreClient(Channel channel, Duration deadline) {
        this.stub = EventStoreGrpc.newBlockingStub(channel);
        this.deadline = deadline;
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
        try {
            CreateEventResponse response = withDeadline().createEvent(request);
            return new AppendResult(response.getVersion(), response.getDuplicate());
        } catch (StatusRuntimeException e) {
            throw EventStoreException.from(e);
        }
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

    private EventStoreGrpc.EventStoreBlockingStub withDeadline() {
        return stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }
}
