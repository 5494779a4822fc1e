package io.eventstream.common.consumer;

/** The message can never be handled (unparseable, invalid): retrying is pointless. */
public class PoisonMessageException extends RuntimeException {

    public PoisonMessageException(String message) {
        super(message);
    }

    public PoisonMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
