package io.eventstream.common.eventstore;

import io.eventstream.proto.eventstore.CreateEventRequest;
import io.eventstream.proto.eventstore.Event;

/**
 * One event of an {@link EventStoreClient#appendEach}: at its aggregate's next version, or only
 * if the aggregate is still at {@code expectedVersion} (0: a new aggregate).
 */
public record EventToAppend(Event event, Long expectedVersion) {

    public static EventToAppend atNextVersion(Event event) {
        return new EventToAppend(event, null);
    }

    public static EventToAppend atVersion(Event event, long expectedVersion) {
        return new EventToAppend(event, expectedVersion);
    }

    CreateEventRequest request() {
        CreateEventRequest.Builder request = CreateEventRequest.newBuilder().setEvent(event);
        if (expectedVersion != null) {
            request.setExpectedVersion(expectedVersion);
        }
        return request.build();
    }
}
