package io.eventstream.common.nats;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

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
 */
@ConfigurationProperties("eventstream.nats")
public record NatsProperties(
        String url,
        String stream,
        String user,
        String password,
        String credsFile,
        boolean tls,
        Duration connectTimeout) {

    public NatsProperties {
        url = url == null || url.isBlank() ? "nats://127.0.0.1:4222" : url;
        stream = stream == null || stream.isBlank() ? "ORDERS" : stream;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
    }

    @Override
    public String toString() {
        // The password must never reach a log line.
        return "NatsProperties[url=" + url + ", stream=" + stream + ", user=" + user
                + ", password=" + (password == null ? "null" : "****") + ", credsFile=" + credsFile
                + ", tls=" + tls + ", connectTimeout=" + connectTimeout + "]";
    }
}
