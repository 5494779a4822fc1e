package io.eventstream.common.tls;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * gRPC's mutual TLS: where this service's certificate is.
 *
 * @param enabled  whether the gRPC channel/server use TLS (default true; the shipped
 *                 application.yml files say {@code ssl.enabled: ${eventstream.tls.enabled:true}})
 * @param dir      the folder {@code bootstrapper certs} filled (default {@code .suite/secrets/pki})
 * @param identity whose certificate this service presents (default its {@code spring.application.name})
 */
@ConfigurationProperties("eventstream.tls")
public record TlsProperties(Boolean enabled, String dir, String identity) {

    public static final String DEFAULT_DIR = ".suite/secrets/pki";

    public TlsProperties {
        enabled = enabled == null || enabled;
        dir = dir == null || dir.isBlank() ? DEFAULT_DIR : dir;
    }
}
