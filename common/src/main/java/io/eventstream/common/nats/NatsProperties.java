package io.eventstream.common.nats;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * How a service reaches NATS and which stream it works on.
 *
 * @param url           server URL(s), comma separated
 * @param stream        the JetStream stream; event types (= subjects) are {@code <stream>.<name>}
 * @param user          optional user name (with password)
 * @param password      optional password; never logged
 * @param credsFile     optional path of a NATS .creds file (JWT + nkey)
 * @param tls           use TLS with the JVM's default trust store (set javax.net.ssl.* for others)
 * @param connectTimeout how long one connection attempt may take
 * @param nkeyFile      optional path of the service's NKey seed file ({@code <service>.nk}, written by the
 *                      bootstrapper's {@code nats-auth}); its content is never logged
 * @param inboxPrefix   where replies arrive; default {@code _INBOX.<spring.application.name>} with an
 *                      NKey (the server lets each user subscribe to its own inbox only), jnats'
 *                      {@code _INBOX.} without
 */
@ConfigurationProperties("eventstream.nats")
public record NatsProperties(
        String url,
        String stream,
        String user,
        String password,
        String credsFile,
        boolean tls,
        Duration connectTimeout,
        String nkeyFile,
        String inboxPrefix) {

    /**
     * The stream when none is set: the services' and the bootstrapper's ({@code --stream}, which
     * creates it) default, written once so that the two cannot drift apart.
     */
    public static final String DEFAULT_STREAM = "ORDERS";

    /** The one Spring binds (a record with a second constructor must say which). */
    @ConstructorBinding
    public NatsProperties {
        url = url == null || url.isBlank() ? "nats://127.0.0.1:4222" : url;
        stream = stream == null || stream.isBlank() ? DEFAULT_STREAM : stream;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
    }

    /** Without an NKey file and inbox prefix (as before issue 17). */
    public NatsProperties(String url, String stream, String user, String password, String credsFile, boolean tls,
            Duration connectTimeout) {
        this(url, stream, user, password, credsFile, tls, connectTimeout, null, null);
    }

    /** The inbox prefix to use for a connection named {@code connectionName}; null: jnats' default. */
    public String inboxPrefixFor(String connectionName) {
        if (inboxPrefix != null && !inboxPrefix.isBlank()) {
            return inboxPrefix;
        }
        return nkeyFile != null && !nkeyFile.isBlank() ? NatsServiceUser.inboxPrefix(connectionName) : null;
    }

    @Override
    public String toString() {
        // The password must never reach a log line.
        return "NatsProperties[url=" + url + ", stream=" + stream + ", user=" + user
                + ", password=" + (password == null ? "null" : "****") + ", credsFile=" + credsFile
                + ", tls=" + tls + ", connectTimeout=" + connectTimeout + ", nkeyFile=" + nkeyFile
                + ", inboxPrefix=" + inboxPrefix + "]";
    }
}
