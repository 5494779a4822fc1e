package io.eventstream.bootstrapper;

/** The command line or the environment is wrong: exit code 2, nothing was touched. */
public class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
