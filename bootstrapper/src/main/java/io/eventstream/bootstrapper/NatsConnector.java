package io.eventstream.bootstrapper;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.eventstream.common.nats.NkeyFileAuthHandler;
import java.io.IOException;
import java.nio.file.Path;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

/**
 * Connects once, without reconnecting: a one-shot tool should fail fast with the reason,
 * which jnats only hands to the error listener (its exception just says "unable to connect").
 */
final class NatsConnector {

    private NatsConnector() {
    }

    static Connection connect(Settings settings) {
        Reason reason = new Reason();
        Options.Builder builder = new Options.Builder()
                .servers(settings.natsUrl().split(","))
                .connectionName("bootstrapper")
                .connectionTimeout(settings.connectTimeout())
                .maxReconnects(0)
                .errorListener(reason);
        if (!settings.natsUser().isBlank()) {
            builder.userInfo(settings.natsUser(), settings.natsPassword());
        }
        if (!settings.natsCredsFile().isBlank()) {
            builder.authHandler(Nats.credentials(settings.natsCredsFile()));
        }
        if (!settings.natsNkeyFile().isBlank()) {
            try {
                builder.authHandler(NkeyFileAuthHandler.checked(Path.of(settings.natsNkeyFile())));
            } catch (IOException | RuntimeException e) {
                throw new BootstrapException("cannot use the NATS NKey: " + Messages.of(e), e);
            }
        }
        try {
            return Nats.connect(builder.build());
        } catch (IOException | RuntimeException e) {
            throw new BootstrapException("cannot reach NATS at " + settings.natsUrl() + ": " + reason.describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BootstrapException("interrupted while connecting to NATS", e);
        }
    }

    /** Remembers the last thing that went wrong while connecting, and prints nothing. */
    private static final class Reason implements ErrorListener {

        private volatile String last;
        /** What the server said (e.g. Authorization Violation): it explains the timeout that follows it. */
        private volatile String serverError;

        @Override
        public void errorOccurred(Connection conn, String error) {
            serverError = error;
            last = error;
        }

        @Override
        public void exceptionOccurred(Connection conn, Exception exp) {
            if (serverError != null) {
                last = serverError;
            } else if (exp instanceof TimeoutException) {
                last = "no answer within the connect timeout";
            } else if (exp instanceof UnknownHostException) {
                last = "unknown host " + exp.getMessage();
            } else {
                last = Messages.of(exp);
            }
        }

        String describe(Exception thrown) {
            return last != null ? last : Messages.of(thrown);
        }
    }
}
