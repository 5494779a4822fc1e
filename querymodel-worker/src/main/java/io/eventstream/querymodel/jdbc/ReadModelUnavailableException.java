package io.eventstream.querymodel.jdbc;

/** The database could not apply a change now (down, unreachable, contention): try again later. */
public class ReadModelUnavailableException extends RuntimeException {

    public ReadModelUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
