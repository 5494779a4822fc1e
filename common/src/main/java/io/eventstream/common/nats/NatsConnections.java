package io.eventstream.common.nats;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the one long-lived NATS connection a service uses. */
public final class NatsConnections {

    private static final Logger log = LoggerFactory.getLogger(NatsConnections.class);

    private NatsConnections() {
    }

    /**
     * Connects, and keeps reconnecting for ever once connected: a NATS restart must not
     * end the service (the original's workers died on a failed dial). If NATS is down at
     * start-up the connection keeps trying in the background instead of failing the start.
     */
    public static Connection open(NatsProperties props, String connectionName) throws IOException, InterruptedException {
        return open(props, connectionName, null);
    }

    /** As {@link #open(NatsProperties, String)}, counting the refusals the server reports in {@code meters}. */
    public static Connection open(NatsProperties props, String connectionName, MeterRegistry meters)
            throws IOException, InterruptedException {
        Options.Builder builder = new Options.Builder()
                .servers(props.url().split(","))
                .connectionName(connectionName)
                .connectionTimeout(props.connectTimeout())
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(500))
                .pingInterval(Duration.ofSeconds(10))
                .connectionListener(NatsConnections::logEvent)
                .errorListener(new LoggingErrorListener(meters));
        if (props.user() != null && !props.user().isBlank()) {
            builder.userInfo(props.user(), props.password() == null ? "" : props.password());
        }
        if (props.credsFile() != null && !props.credsFile().isBlank()) {
            builder.authHandler(Nats.credentials(props.credsFile()));
        }
        if (props.nkeyFile() != null && !props.nkeyFile().isBlank()) {
            builder.authHandler(NkeyFileAuthHandler.checked(Path.of(props.nkeyFile())));
            log.info("NATS: authenticating with the NKey in {}", props.nkeyFile());
        }
        String inboxPrefix = props.inboxPrefixFor(connectionName);
        if (inboxPrefix != null) {
            builder.inboxPrefix(inboxPrefix);
        }
        if (props.tls()) {
            try {
                builder.secure();
            } catch (Exception e) {
                throw new IOException("cannot set up TLS for NATS: " + e.getMessage(), e);
            }
        }
        return Nats.connectReconnectOnConnect(builder.build());
    }

    private static void logEvent(Connection conn, ConnectionListener.Events event) {
        switch (event) {
            case CONNECTED, RECONNECTED, RESUBSCRIBED -> log.info("NATS {}: {}", event, conn.getConnectedUrl());
            case DISCONNECTED, CLOSED -> log.warn("NATS {}", event);
            default -> log.debug("NATS {}", event);
        }
    }
}
