package io.eventstream.eventstore.append;

/** The request can never be stored as it is (missing fields, bad JSON, too large). */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String message) {
        super(message);
    }
}
