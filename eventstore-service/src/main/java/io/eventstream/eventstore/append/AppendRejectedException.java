package io.eventstream.eventstore.append;

/** The event was not queued: the store is stopping, or too many appends already wait. Worth retrying. */
public class AppendRejectedException extends RuntimeException {

    public AppendRejectedException(String message) {
        super(message);
    }
}
