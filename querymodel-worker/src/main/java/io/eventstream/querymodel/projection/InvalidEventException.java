package io.eventstream.querymodel.projection;

/** The event can never be projected as it is: retrying will not help. */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String message) {
        super(message);
    }
}
