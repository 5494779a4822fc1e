package io.eventstream.common.nats;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends jnats' asynchronous errors to the service log instead of standard error. */
final class LoggingErrorListener implements ErrorListener {

    private static final Logger log = LoggerFactory.getLogger(LoggingErrorListener.class);

    @Override
    public void errorOccurred(Connection conn, String error) {
        log.warn("NATS error: {}", error);
    }

    @Override
    public void exceptionOccurred(Connection conn, Exception exp) {
        log.warn("NATS exception: {}", exp.toString());
    }
}
