package io.eventstream.bootstrapper;

import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogCreator;

/**
 * Flyway's own chatter (banner, "Successfully applied ...") would bury the one-line-per-thing
 * report; its warnings still reach stderr. Failures surface as exceptions, reported once.
 */
public final class QuietFlywayLog implements LogCreator, Log {

    @Override
    public Log createLogger(Class<?> clazz) {
        return this;
    }

    @Override
    public boolean isDebugEnabled() {
        return false;
    }

    @Override
    public void debug(String message) {
    }

    @Override
    public void info(String message) {
    }

    @Override
    public void warn(String message) {
        System.err.println("bootstrapper: flyway: " + Messages.firstLine(message));
    }

    @Override
    public void error(String message) {
    }

    @Override
    public void error(String message, Exception e) {
    }

    @Override
    public void notice(String message) {
    }
}
