package io.eventstream.common.consumer;

/**
 * Settings that cannot work together, e.g. a deadline shorter than the consumer needs to get a
 * crashed instance's messages back. Thrown at start, so the service refuses to run instead of
 * cancelling orders later; the message is one line naming every setting involved.
 */
public class ConflictingSettingsException extends IllegalStateException {

    public ConflictingSettingsException(String message) {
        super(message);
    }
}
