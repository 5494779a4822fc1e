package io.eventstream.common.nats;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends jnats' asynchronous errors to the service log instead of standard error, and counts the
 * server's refusals ({@code -ERR 'Permissions Violation ...'} for a subject the user may not use,
 * {@code 'Authorization Violation'} for credentials it does not know) in
 * {@code eventstream.security.refusals{layer=nats}}: a refusal of a service's own user means a
 * bug or an attack, and a log line alone is easily missed.
 */
final class LoggingErrorListener implements ErrorListener {

    static final String REFUSALS = "eventstream.security.refusals";
    private static final Logger log = LoggerFactory.getLogger(LoggingErrorListener.class);

    private final MeterRegistry meters;

    LoggingErrorListener() {
        this(null);
    }

    LoggingErrorListener(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public void errorOccurred(Connection conn, String error) {
        String reason = refusal(error);
        if (reason != null) {
            log.error("NATS refused: {}", error);
            if (meters != null) {
                Counter.builder(REFUSALS).description("requests refused for want of identity or permission")
                        .tag("layer", "nats").tag("reason", reason).register(meters).increment();
            }
            return;
        }
        log.warn("NATS error: {}", error);
    }

    @Override
    public void exceptionOccurred(Connection conn, Exception exp) {
        log.warn("NATS exception: {}", exp.toString());
    }

    /** The refusal's reason tag, or null when the error is no refusal. */
    static String refusal(String error) {
        String e = error == null ? "" : error.toLowerCase(Locale.ROOT);
        if (e.contains("permissions violation")) {
            return "permissions-violation";
        }
        if (e.contains("authorization violation") || e.contains("authentication")) {
            return "authorization-violation";
        }
        return null;
    }
}
