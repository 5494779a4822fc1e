package io.eventstream.bootstrapper;

/**
 * A step failed (a server unreachable, a statement refused). The message is the one line
 * the user sees on stderr; the cause is kept for debugging but never printed.
 */
public class BootstrapException extends RuntimeException {

    public BootstrapException(String message) {
        super(message);
    }

    public BootstrapException(String message, Throwable cause) {
        super(message, cause);
    }
}
