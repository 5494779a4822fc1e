package io.eventstream.eventstore.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * A second gRPC listener, in plaintext, for clients of the original system (which knew no TLS).
 * Off unless the operator turns it on; its callers have the permissions of {@code identity} in
 * the access table.
 *
 * @param enabled  whether it listens (default false)
 * @param port     its port (default 50052)
 * @param identity whose permissions its callers get (default {@code original-client})
 */
@ConfigurationProperties("eventstream.original-listener")
public record OriginalListenerProperties(boolean enabled, Integer port, String identity) {

    public OriginalListenerProperties {
        port = port == null ? 50052 : port;
        identity = identity == null || identity.isBlank() ? "original-client" : identity;
    }
}
