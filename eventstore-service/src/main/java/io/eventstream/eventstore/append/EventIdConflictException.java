package io.eventstream.eventstore.append;

/** The event id is already stored with other content. */
public class EventIdConflictException extends RuntimeException {

    public EventIdConflictException(String eventId) {
        super("event " + eventId + " already exists with different content");
    }
}
