package io.eventstream.eventstore.read;

import java.util.List;

/**
 * Which events to read. Empty strings mean "no filter", as in the original's GetEventsRequest.
 *
 * @param fromPosition only events after this global position (0: from the start)
 * @param limit        at most this many (already capped by the caller)
 */
public record EventQuery(String eventId, String aggregateId, long fromPosition, int limit, List<String> eventTypes) {

    public EventQuery {
        eventId = eventId == null ? "" : eventId;
        aggregateId = aggregateId == null ? "" : aggregateId;
        eventTypes = List.copyOf(eventTypes);
    }

    public EventQuery after(long position, int newLimit) {
        return new EventQuery(eventId, aggregateId, position, newLimit, eventTypes);
    }
}
